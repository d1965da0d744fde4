// Renders one touch into the message that goes out. Pure: the same context always gives the same message.
//
// - Every message names its sender truthfully: the creditor's brand in SoftReminder and Escalation, the agency in
//   ThirdParty (which also names the creditor as the original creditor and carries the debt-collector disclosure).
// - Every message carries an opt-out (Reg F 1006.6(e)): the SMS opt-out line, or a visible unsubscribe link in both
//   parts of an email.
// - Every interpolated value is reduced to one line of text and HTML-escaped where it lands in HTML.
import type { Channel, ContactStage } from '../accounts/events.ts';
import { emailCopy, smsCopy, type CopyValues } from './copy.ts';

export interface TouchContext {
  stage: ContactStage;
  channel: Channel;
  /** 1-based within the stage. */
  touchNumber: number;
  /** The creditor's brand in SoftReminder/Escalation, the agency's identity in ThirdParty. */
  sender: { name: string; signOff: string; supportPhone?: string; kind: 'creditor' | 'agency' };
  /** The original creditor (named by the agency in ThirdParty). */
  creditorName: string;
  debtorFirstName: string;
  /** Already formatted, such as "$1,234.50". */
  balance: string;
  paymentUrl: string;
  optOut: { sms: string /* e.g. 'Reply STOP to opt out.' */; emailUrl: string };
}

export type RenderedEmail = { channel: 'email'; subject: string; html: string; text: string; template: string };
export type RenderedSms = { channel: 'sms'; body: string; template: string };

/** SMS bodies stay within two concatenated segments' worth of text. */
export const SMS_MAX_LENGTH = 300;

const STAGE_KEYS: Record<ContactStage, string> = {
  SoftReminder: 'soft-reminder',
  Escalation: 'escalation',
  ThirdParty: 'third-party',
};

/** The stable template id of a stage and channel, such as `soft-reminder.email.v1`. */
export function templateId(stage: ContactStage, channel: Channel): string {
  return `${STAGE_KEYS[stage]}.${channel}.v1`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and (quoted) attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** One line of plain text: control characters and runs of whitespace become a single space. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Only absolute http(s) URLs may become links. Errors name the field, never the URL (it may identify the debtor). */
function linkUrl(value: string, field: string, protocols: readonly string[] = ['https:', 'http:']): string {
  const expected = `an absolute ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${field} must be ${expected}`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${field} must be ${expected}`);
  return url.href;
}

function required(value: string, field: string): string {
  const cleaned = oneLine(value);
  if (cleaned === '') throw new Error(`${field} is required`);
  return cleaned;
}

/** Renders the touch. Throws on a context that would produce an untruthful or unsafe message. */
export function renderTouch(ctx: TouchContext): RenderedEmail | RenderedSms {
  if (!Number.isInteger(ctx.touchNumber) || ctx.touchNumber < 1) throw new Error('touchNumber must be an integer ≥ 1');
  const expectedKind = ctx.stage === 'ThirdParty' ? 'agency' : 'creditor';
  if (ctx.sender.kind !== expectedKind) {
    throw new Error(`${ctx.stage} messages must be sent under the ${expectedKind}'s identity`);
  }
  const supportPhone = ctx.sender.supportPhone === undefined ? '' : oneLine(ctx.sender.supportPhone);
  const values: CopyValues = {
    stage: ctx.stage,
    touchNumber: ctx.touchNumber,
    senderName: required(ctx.sender.name, 'sender.name'),
    signOff: required(ctx.sender.signOff, 'sender.signOff'),
    creditorName: required(ctx.creditorName, 'creditorName'),
    firstName: oneLine(ctx.debtorFirstName),
    balance: required(ctx.balance, 'balance'),
    ...(supportPhone === '' ? {} : { supportPhone }),
  };
  const paymentUrl = linkUrl(ctx.paymentUrl, 'paymentUrl');
  const template = templateId(ctx.stage, ctx.channel);

  if (ctx.channel === 'sms') {
    const optOut = required(ctx.optOut.sms, 'optOut.sms');
    const bodies = smsCopy(values).map((v) => `${v.before} ${paymentUrl}${v.after} ${optOut}`);
    const body = bodies.find((b) => b.length <= SMS_MAX_LENGTH) ?? (bodies.at(-1) as string);
    return { channel: 'sms', body, template };
  }

  // A mailto: opt-out comes back through inbound email, where "unsubscribe" is a STOP for the email channel.
  const unsubscribeUrl = linkUrl(ctx.optOut.emailUrl, 'optOut.emailUrl', ['https:', 'http:', 'mailto:']);
  const copy = emailCopy(values);
  const unsubscribe = 'Unsubscribe from these emails';

  const text = [
    copy.greeting,
    ...copy.intro,
    `${copy.cta}: ${paymentUrl}`,
    ...copy.outro,
    values.signOff,
    ...(copy.disclosure === undefined ? [] : [copy.disclosure]),
    '--',
    copy.footer,
    `${unsubscribe}: ${unsubscribeUrl}`,
  ].join('\n\n');

  const p = (content: string, style = '') => `<p style="margin:0 0 16px;${style}">${content}</p>`;
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(copy.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f5f6f8;">',
    '<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2933;">',
    p(escapeHtml(copy.greeting)),
    ...copy.intro.map((para) => p(escapeHtml(para))),
    p(
      `<a href="${escapeHtml(paymentUrl)}" style="display:inline-block;padding:12px 20px;background:#2f5d8a;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(copy.cta)}</a>`,
    ),
    ...copy.outro.map((para) => p(escapeHtml(para))),
    p(escapeHtml(values.signOff)),
    ...(copy.disclosure === undefined ? [] : [p(escapeHtml(copy.disclosure), 'font-size:14px;color:#52606d;')]),
    '<hr style="border:none;border-top:1px solid #e4e7eb;margin:24px 0 16px;">',
    p(
      `${escapeHtml(copy.footer)} <a href="${escapeHtml(unsubscribeUrl)}" style="color:#52606d;">${escapeHtml(unsubscribe)}</a>.`,
      'font-size:13px;color:#52606d;',
    ),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');

  return { channel: 'email', subject: copy.subject, html, text, template };
}
