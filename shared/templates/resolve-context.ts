// A message context checked and turned into everything a template can be filled with: its values formatted for the
// locale, the sender normalised, and the disclosure slots assembled. Throws on a context that would give an untruthful
// or unsafe message.
import type { Channel } from '../accounts/events.ts';
import { checkUrl, oneLine, required } from './clean-values.ts';
import { creditorLinkDomains } from './creditor-links.ts';
import { disclosureSlots, type SlotContent } from './disclosures.ts';
import { SENDERS_BY_KIND, type SenderKind, type Slot, type TemplateKind } from './kinds.ts';
import type { LayoutBrand } from './layout.ts';
import { formatMoney } from '../money.ts';
import { formatDate, formattingLocale, resolveLocale, type Locale } from './locale.ts';
import type { MessageContext } from './message-context.ts';
import { footerAddress, messageSender } from './message-sender.ts';
import { STRINGS } from './strings.ts';
import type { TemplateOverrides } from './types.ts';

/** Everything a template can be filled with, already checked and formatted. */
export interface ResolvedContext {
  kind: TemplateKind;
  channel: Channel;
  locale: Locale;
  values: Record<string, string>;
  slots: Record<Slot, SlotContent>;
  brand: LayoutBrand;
  /** "Sent by …" */
  sentBy: string;
  /** The text part's footer: "Sent by …" and the postal address. */
  footer: string;
  from?: { name: string; address: string };
  overrides?: TemplateOverrides;
  /** Where the creditor's own templates may link (none in the agency's messages, which never use them). */
  linkDomains: readonly string[];
  senderKind: SenderKind;
  hasValidation: boolean;
}

export function resolveContext(ctx: MessageContext): ResolvedContext {
  if (!(ctx.kind in SENDERS_BY_KIND)) throw new Error(`unknown template kind ${String(ctx.kind)}`);
  if (ctx.channel !== 'email' && ctx.channel !== 'sms') throw new Error('channel must be email or sms');
  if (!Number.isInteger(ctx.touchNumber) || ctx.touchNumber < 1) throw new Error('touchNumber must be an integer ≥ 1');
  if (!SENDERS_BY_KIND[ctx.kind].includes(ctx.sender.kind)) {
    const expected = SENDERS_BY_KIND[ctx.kind][0] === 'agency' ? "agency's" : "creditor's";
    throw new Error(`${ctx.kind} messages must be sent under the ${expected} identity`);
  }
  const locale = resolveLocale(ctx.locale);
  const strings = STRINGS[locale];
  const currency = ctx.currency;
  const intlFor = (lang: Locale) => formattingLocale(lang === locale ? ctx.locale : lang, currency);
  const intl = intlFor(locale);

  const creditorName = required(ctx.creditorName, 'creditorName');
  const sender = messageSender(ctx.sender, locale);
  const paymentUrl = checkUrl(ctx.paymentUrl, 'paymentUrl').href;
  if (!Number.isSafeInteger(ctx.balanceMinor) || ctx.balanceMinor < 0) throw new Error('balanceMinor must be whole minor units ≥ 0');
  const balance = formatMoney(ctx.balanceMinor, currency, intl);

  const firstName = oneLine(ctx.debtorFirstName ?? '');
  const values: Record<string, string> = {
    greeting: strings.greeting(firstName),
    firstName,
    senderName: sender.name,
    creditorName,
    balance,
    paymentUrl,
    signOff: sender.signOff,
    howToReach: strings.howToReach(ctx.channel, sender.phone),
  };
  if (ctx.kind === 'plan-reminder' || ctx.kind === 'plan-missed') {
    if (ctx.plan === undefined) throw new Error(`plan is required for a ${ctx.kind}`);
    if (!Number.isSafeInteger(ctx.plan.installmentMinor) || ctx.plan.installmentMinor <= 0) {
      throw new Error('plan.installmentMinor must be whole minor units > 0');
    }
    values.installmentAmount = formatMoney(ctx.plan.installmentMinor, currency, intl);
    values.installmentDueDate = formatDate(ctx.plan.dueOn, intl, 'plan.dueOn');
  }

  return {
    kind: ctx.kind,
    channel: ctx.channel,
    locale,
    values,
    slots: disclosureSlots(ctx, { locale, creditorName, sender, intlFor }),
    brand: sender.brand,
    sentBy: strings.sentBy(sender.name),
    footer: [strings.sentBy(sender.name), ...footerAddress(sender.postalAddress, sender.name)].join('\n'),
    ...(sender.from === undefined ? {} : { from: sender.from }),
    ...(ctx.overrides === undefined ? {} : { overrides: ctx.overrides }),
    linkDomains: ctx.sender.kind === 'creditor' ? creditorLinkDomains({ ...ctx.sender, paymentUrl }) : [],
    senderKind: sender.kind,
    hasValidation: ctx.validation !== undefined,
  };
}
