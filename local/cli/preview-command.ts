// `tactful preview`: one message rendered with sample data: the HTML of an email, or the text of an SMS.
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { TEMPLATE_KINDS, type TemplateKind } from '../../shared/templates/kinds.ts';
import { previewMessage } from '../../shared/templates/sample.ts';
import { readInput } from './read-input.ts';

export interface PreviewOptions {
  creditor?: string;
  template: string;
  locale: string;
  channel: string;
}

export async function runPreview(options: PreviewOptions, write: (text: string) => void): Promise<number> {
  if (!TEMPLATE_KINDS.includes(options.template as TemplateKind)) {
    throw new Error(`--template must be one of ${TEMPLATE_KINDS.join(', ')}; got "${options.template}"`);
  }
  if (options.channel !== 'email' && options.channel !== 'sms') throw new Error(`--channel must be email or sms; got "${options.channel}"`);
  const profile = options.creditor ? parseCreditorProfile(JSON.parse(await readInput(options.creditor, 'creditor profile'))) : undefined;
  write(
    previewMessage({
      template: options.template as TemplateKind,
      locale: options.locale,
      channel: options.channel,
      ...(profile ? { profile } : {}),
    }),
  );
  return 0;
}
