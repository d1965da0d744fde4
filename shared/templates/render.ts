// Renders one message: a template (ours, or the creditor's own) filled with the account's values, the brand of whoever
// sends it, and the disclosures the code assembles. Pure: the same context always gives the same message.
//
// - Every message names its sender truthfully: the creditor's brand in first-party kinds, the agency's own identity in
//   third-party ones (which name the creditor only as the original creditor and carry the debt-collector disclosure).
// - Every message carries an opt-out (Reg F 1006.6(e)): the SMS opt-out line, or the unsubscribe line in both email parts.
// - Disclosures come from code, never from a template: the debt-collector statement (full in the agency's initial
//   communication, short after), the validation information (Reg F 1006.34, in the email), and the time-barred
//   disclosure. A template only says where they go.
// - Every interpolated value is reduced to one line of text and HTML-escaped where it lands in HTML.
import { createHash } from 'node:crypto';
import type { Channel, ContactStage } from '../accounts/events.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import { EN } from './builtin/en.ts';
import { ES } from './builtin/es.ts';
import { OVERRIDABLE_KINDS, PAYMENT_KINDS, SENDERS_BY_KIND, URL_VALUES, type OverridableKind, type Slot, type TemplateKind } from './kinds.ts';
import {
  MUTED,
  brandColors,
  buttonHtml,
  emailDocument,
  escapeHtml,
  linkHtml,
  type BrandColors,
  type LayoutBrand,
} from './layout.ts';
import { formatMoney } from '../money.ts';
import { formatDate, formattingLocale, resolveLocale, type Locale } from './locale.ts';
import { staticProblems } from './rules.ts';
import { smsSize, type SmsSize } from './sms.ts';
import { STRINGS, type EmailOptOutTarget } from './strings.ts';
import { paragraphs, solePlaceholder, tokenize, type Token } from './syntax.ts';
import type { EmailTemplate, SmsTemplate, TemplateOverrides, TemplateSet } from './types.ts';
import { validationNotices, type Notice, type ValidationInfo } from './validation.ts';

export { escapeHtml } from './layout.ts';
export type { BrandColors } from './layout.ts';
export type { ValidationInfo } from './validation.ts';
export type { TemplateKind } from './kinds.ts';
export type { Locale } from './locale.ts';

/** A sign-off: one for every locale, or one per locale (a plain string is taken as English; other locales get ours). */
export type SignOff = string | Partial<Record<Locale, string>>;

/** The creditor's brand, for first-party messages. */
export interface CreditorSender {
  kind: 'creditor';
  /** The brand name the debtor knows. */
  name: string;
  /** The email From name, when it differs from `name`. */
  senderName?: string;
  /** The email From address. */
  senderEmail?: string;
  /** Postal address for the email footer (lines separated by newlines). */
  postalAddress?: string;
  /** https URL of the logo shown at the top of the email. */
  logoUrl?: string;
  colors?: BrandColors;
  /** Offered as "or call …" next to replying. */
  supportPhone?: string;
  signOff: SignOff;
}

/** The agency's own identity, for third-party messages: no creditor branding at all. */
export interface AgencySender {
  kind: 'agency';
  name: string;
  /** The email From address. */
  email: string;
  phone?: string;
  /** Mailing address: the footer, and where disputes are accepted unless the validation names another. */
  address?: string;
  logoUrl?: string;
  colors?: BrandColors;
  /** Defaults to "The {name} team" / "El equipo de {name}". */
  signOff?: SignOff;
}

export type Sender = CreditorSender | AgencySender;

export interface MessageContext {
  kind: TemplateKind;
  channel: Channel;
  /** The account's language, raw BCP 47 (`es`, `es-US`, `en`); English when absent or unsupported. */
  locale?: string;
  /** 1-based within the stage. */
  touchNumber: number;
  sender: Sender;
  /** The creditor the debt is owed to (named as the original creditor in third-party messages). */
  creditorName: string;
  debtorFirstName: string;
  balanceMinor: number;
  /** ISO 4217, such as USD. */
  currency: string;
  paymentUrl: string;
  /** `smsText` defaults to the locale's "Reply STOP to opt out."; `emailUrl` is https or `mailto:`. */
  optOut: { smsText?: string; emailUrl: string };
  /**
   * Whether this is the agency's initial communication with the debtor (the full debt-collector statement).
   * Defaults to `kind === 'third-party' && touchNumber === 1`.
   */
  initialCommunication?: boolean;
  /** The Reg F 1006.34 validation information: agency emails only, in the first communication. */
  validation?: ValidationInfo;
  /** The creditor's data marks the debt as out of statute. */
  timeBarred?: boolean;
  /** Required for `plan-reminder` and `plan-missed`: the instalment, and what is owed for it now. */
  plan?: { installmentMinor: number; dueOn: string };
  /** The creditor's own templates (ignored for agency messages). */
  overrides?: TemplateOverrides;
}

export type RenderedEmail = {
  channel: 'email';
  subject: string;
  html: string;
  text: string;
  /** Stable id of the template used, such as `soft-reminder.email.es.v1` (or `….creditor-1a2b3c4d` for an override). */
  template: string;
  locale: Locale;
  /** Who the email is from, when the sender has an address. */
  from?: { name: string; address: string };
};
export type RenderedSms = { channel: 'sms'; body: string; template: string; locale: Locale; size: SmsSize };

const BUILT_IN: Readonly<Record<Locale, TemplateSet>> = { en: EN, es: ES };

/** Our template for a kind, locale and channel. */
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: 'email'): EmailTemplate;
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: 'sms'): SmsTemplate;
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: Channel): EmailTemplate | SmsTemplate;
export function builtInTemplate(kind: TemplateKind, locale: Locale, channel: Channel): EmailTemplate | SmsTemplate {
  return BUILT_IN[locale][kind][channel];
}

/** The stable id of one of our templates, such as `soft-reminder.email.es.v1`. */
export function templateId(kind: TemplateKind, channel: Channel, locale: Locale): string {
  return `${kind}.${channel}.${locale}.v1`;
}

function overrideId(kind: TemplateKind, channel: Channel, locale: Locale, template: EmailTemplate | SmsTemplate): string {
  const canonical = 'body' in template ? [template.body] : [template.subject, template.text, template.html ?? null];
  const digest = createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 8);
  return `${kind}.${channel}.${locale}.creditor-${digest}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Values

/** One line of plain text: control characters and runs of whitespace become a single space. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function required(value: string | undefined, field: string): string {
  const cleaned = oneLine(value ?? '');
  if (cleaned === '') throw new Error(`${field} is required`);
  return cleaned;
}

function optional(value: string | undefined): string | undefined {
  const cleaned = oneLine(value ?? '');
  return cleaned === '' ? undefined : cleaned;
}

/** Only absolute URLs of the given schemes may become links. Errors name the field, never the URL (it may identify the debtor). */
function checkUrl(value: string, field: string, protocols: readonly string[] = ['https:', 'http:']): URL {
  const expected = `an absolute ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${field} must be ${expected}`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${field} must be ${expected}`);
  return url;
}

/** Where disputes are accepted electronically: a web page, or an email address (a `mailto:` shows as the address). */
function disputeTarget(value: string): string {
  const url = checkUrl(value, 'validation.disputeUrl', ['https:', 'http:', 'mailto:']);
  return url.protocol === 'mailto:' ? decodeURIComponent(url.pathname) : url.href;
}

function address(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const lines = value.split(/\r\n?|\n/).map(oneLine).filter((l) => l !== '');
  return lines.length === 0 ? undefined : lines.join('\n');
}

/** The postal address lines for a footer that already names the sender: a first line repeating the name is dropped. */
function footerAddress(postal: string | undefined, senderName: string): string[] {
  const lines = postal === undefined ? [] : postal.split('\n');
  return lines[0] === senderName ? lines.slice(1) : lines;
}

function pickSignOff(signOff: SignOff | undefined, locale: Locale, senderName: string): string {
  const chosen =
    typeof signOff === 'string' ? (locale === 'en' ? signOff : undefined) : signOff === undefined ? undefined : signOff[locale];
  return optional(chosen) ?? STRINGS[locale].defaultSignOff(senderName);
}

interface SlotContent {
  text: string;
  html: string;
  /** Block-level HTML (placed without a wrapping paragraph). */
  block: boolean;
}

const EMPTY_SLOT: SlotContent = { text: '', html: '', block: false };

/** Everything a template can be filled with, already checked and formatted. */
interface Resolved {
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
  senderKind: 'creditor' | 'agency';
  hasValidation: boolean;
}

function noticeText(notice: Notice): string {
  const out: string[] = [`${notice.title}\n${'='.repeat(notice.title.length)}`];
  for (const section of notice.sections) {
    const lines: string[] = [];
    if (section.heading) lines.push(section.heading);
    for (const block of section.blocks) {
      if (block.type === 'para') lines.push(block.text);
      else if (block.type === 'bullets') lines.push(...block.items.map((i) => `- ${i}`));
      else lines.push(...block.rows.map((r) => `${r.indent ? '  ' : ''}${r.label} ${r.value}`));
    }
    out.push(lines.join('\n'));
  }
  return out.join('\n\n');
}

/** Escaped text with its web addresses made links (the notice names the dispute page and the CFPB's). */
function linkified(text: string, color: string): string {
  return escapeHtml(text).replace(/\b(https?:\/\/|www\.)[^\s<]*[^\s<.,;:)]/g, (url) => {
    const href = url.startsWith('www.') ? `https://${url}` : url;
    return `<a href="${href}" style="color:${color};">${url}</a>`;
  });
}

function noticeHtml(notice: Notice, colors: LayoutBrand['colors']): string {
  const parts: string[] = [
    `<div lang="${notice.lang}" style="margin:24px 0;padding:16px 20px;border:1px solid #cbd2d9;border-radius:6px;background:#ffffff;font-size:15px;">`,
    `<p style="margin:0 0 12px;font-size:18px;font-weight:bold;color:${colors.text};">${escapeHtml(notice.title)}</p>`,
  ];
  for (const section of notice.sections) {
    if (section.heading) parts.push(`<p style="margin:16px 0 8px;font-weight:bold;">${escapeHtml(section.heading)}</p>`);
    for (const block of section.blocks) {
      if (block.type === 'para') {
        const text = linkified(block.text, colors.primary);
        parts.push(`<p style="margin:0 0 8px;">${block.strong ? `<strong>${text}</strong>` : text}</p>`);
      } else if (block.type === 'bullets') {
        parts.push(
          `<ul style="margin:0 0 8px;padding-left:20px;">${block.items.map((i) => `<li style="margin:0 0 6px;">${linkified(i, colors.primary)}</li>`).join('')}</ul>`,
        );
      } else {
        const rows = block.rows
          .map((r) => {
            const weight = r.total ? 'font-weight:bold;border-top:2px solid #1f2933;' : '';
            const indent = r.indent ? 'padding-left:16px;' : '';
            return `<tr><td style="padding:4px 12px 4px 0;${indent}${weight}">${escapeHtml(r.label)}</td><td style="padding:4px 0;text-align:right;white-space:nowrap;${weight}">${escapeHtml(r.value)}</td></tr>`;
          })
          .join('');
        parts.push(`<table role="presentation" style="border-collapse:collapse;margin:0 0 8px;width:100%;">${rows}</table>`);
      }
    }
  }
  parts.push('</div>');
  return parts.join('\n');
}

function emailOptOutTarget(emailUrl: string): EmailOptOutTarget {
  const url = checkUrl(emailUrl, 'optOut.emailUrl', ['https:', 'http:', 'mailto:']);
  if (url.protocol !== 'mailto:') return { kind: 'url', url: url.href };
  const addressPart = decodeURIComponent(url.pathname);
  if (!/^[^\s@]+@[^\s@]+$/.test(addressPart)) throw new Error('optOut.emailUrl must be an absolute https or mailto URL');
  return { kind: 'mailto', address: addressPart, subject: url.searchParams.get('subject') ?? 'unsubscribe' };
}

function resolve(ctx: MessageContext): Resolved {
  if (!(ctx.kind in SENDERS_BY_KIND)) throw new Error(`unknown template kind ${String(ctx.kind)}`);
  if (ctx.channel !== 'email' && ctx.channel !== 'sms') throw new Error('channel must be email or sms');
  if (!Number.isInteger(ctx.touchNumber) || ctx.touchNumber < 1) throw new Error('touchNumber must be an integer ≥ 1');
  const senderKind = ctx.sender.kind;
  if (!SENDERS_BY_KIND[ctx.kind].includes(senderKind)) {
    const expected = SENDERS_BY_KIND[ctx.kind][0] === 'agency' ? "agency's" : "creditor's";
    throw new Error(`${ctx.kind} messages must be sent under the ${expected} identity`);
  }
  const locale = resolveLocale(ctx.locale);
  const strings = STRINGS[locale];
  const currency = ctx.currency;
  const intlFor = (lang: Locale) => formattingLocale(lang === locale ? ctx.locale : lang, currency);
  const intl = intlFor(locale);

  const creditorName = required(ctx.creditorName, 'creditorName');
  const senderName = required(ctx.sender.name, 'sender.name');
  const paymentUrl = checkUrl(ctx.paymentUrl, 'paymentUrl').href;
  if (!Number.isSafeInteger(ctx.balanceMinor) || ctx.balanceMinor < 0) throw new Error('balanceMinor must be whole minor units ≥ 0');
  const balance = formatMoney(ctx.balanceMinor, currency, intl);

  let phone: string | undefined;
  let signOff: string;
  let brand: LayoutBrand;
  let from: Resolved['from'];
  let postal: string | undefined;
  if (ctx.sender.kind === 'creditor') {
    const s = ctx.sender;
    if (typeof s.signOff === 'string') required(s.signOff, 'sender.signOff');
    phone = optional(s.supportPhone);
    signOff = pickSignOff(s.signOff, locale, senderName);
    postal = address(s.postalAddress);
    brand = {
      name: senderName,
      colors: brandColors(s.colors, 'sender.colors'),
      ...(s.logoUrl === undefined ? {} : { logoUrl: checkUrl(s.logoUrl, 'sender.logoUrl', ['https:']).href }),
      ...(postal === undefined ? {} : { postalAddress: footerAddress(postal, senderName).join('\n') }),
    };
    const fromAddress = optional(s.senderEmail);
    if (fromAddress !== undefined) from = { name: optional(s.senderName) ?? senderName, address: fromAddress };
  } else {
    const s = ctx.sender;
    phone = optional(s.phone);
    signOff = pickSignOff(s.signOff, locale, senderName);
    postal = address(s.address);
    brand = {
      name: senderName,
      colors: brandColors(s.colors, 'sender.colors'),
      ...(s.logoUrl === undefined ? {} : { logoUrl: checkUrl(s.logoUrl, 'sender.logoUrl', ['https:']).href }),
      ...(postal === undefined ? {} : { postalAddress: footerAddress(postal, senderName).join('\n') }),
    };
    const fromAddress = optional(s.email);
    if (fromAddress !== undefined) from = { name: senderName, address: fromAddress };
  }

  const firstName = oneLine(ctx.debtorFirstName ?? '');
  const values: Record<string, string> = {
    greeting: strings.greeting(firstName),
    firstName,
    senderName,
    creditorName,
    balance,
    paymentUrl,
    signOff,
    howToReach: strings.howToReach(ctx.channel, phone),
  };
  if (ctx.kind === 'plan-reminder' || ctx.kind === 'plan-missed') {
    if (ctx.plan === undefined) throw new Error(`plan is required for a ${ctx.kind}`);
    if (!Number.isSafeInteger(ctx.plan.installmentMinor) || ctx.plan.installmentMinor <= 0) {
      throw new Error('plan.installmentMinor must be whole minor units > 0');
    }
    values.installmentAmount = formatMoney(ctx.plan.installmentMinor, currency, intl);
    values.installmentDueDate = formatDate(ctx.plan.dueOn, intl, 'plan.dueOn');
  }

  // Disclosures.
  const slots: Record<Slot, SlotContent> = {
    optOut: EMPTY_SLOT,
    debtCollectorDisclosure: EMPTY_SLOT,
    timeBarredDisclosure: EMPTY_SLOT,
    validationNotice: EMPTY_SLOT,
  };
  const plain = (text: string): SlotContent => ({ text, html: escapeHtml(text), block: false });
  if (ctx.channel === 'sms') {
    const smsText = ctx.optOut.smsText === undefined ? strings.smsOptOut : required(ctx.optOut.smsText, 'optOut.smsText');
    slots.optOut = plain(smsText);
  } else {
    const target = emailOptOutTarget(ctx.optOut.emailUrl);
    const href = target.kind === 'url' ? target.url : ctx.optOut.emailUrl.trim();
    slots.optOut = {
      text: strings.emailOptOutText(creditorName, target),
      html: `${escapeHtml(strings.emailOptOutLead(creditorName))} ${linkHtml(strings.emailOptOutLinkLabel, href, MUTED)}.`,
      block: false,
    };
  }
  if (senderKind === 'agency') {
    const initial = ctx.initialCommunication ?? (ctx.kind === 'third-party' && ctx.touchNumber === 1);
    const text = initial ? strings.debtCollectorFull(ctx.channel) : strings.debtCollectorShort;
    slots.debtCollectorDisclosure = plain(text);
  }
  if (ctx.timeBarred === true && PAYMENT_KINDS.includes(ctx.kind)) {
    slots.timeBarredDisclosure = plain(strings.timeBarred(creditorName));
  }
  if (ctx.validation !== undefined) {
    if (senderKind !== 'agency') throw new Error('validation information is sent by the agency (a debt collector), not the creditor');
    if (ctx.channel !== 'email') throw new Error('validation information goes in an email, not an SMS');
    const v = ctx.validation;
    if (v.currentMinor !== ctx.balanceMinor) {
      throw new Error('validation.currentMinor must equal balanceMinor: the message and its validation notice show one amount');
    }
    const agency = ctx.sender as AgencySender;
    const disputeAddress = address(v.disputeAddress) ?? postal;
    if (disputeAddress === undefined) {
      throw new Error('validation needs a mailing address for disputes: validation.disputeAddress or sender.address');
    }
    const notices = validationNotices(
      v,
      {
        collectorName: senderName,
        collectorAddress: disputeAddress.replace(/\n/g, ', '),
        ...(phone === undefined ? {} : { collectorPhone: phone }),
        ...(optional(agency.email) === undefined ? {} : { collectorEmail: optional(agency.email) as string }),
        creditorName,
        ...(v.disputeUrl === undefined ? {} : { disputeUrl: disputeTarget(v.disputeUrl) }),
      },
      locale,
      currency,
      intlFor,
    );
    slots.validationNotice = {
      text: notices.map(noticeText).join('\n\n'),
      html: notices.map((n) => noticeHtml(n, brand.colors)).join('\n'),
      block: true,
    };
  }

  return {
    kind: ctx.kind,
    channel: ctx.channel,
    locale,
    values,
    slots,
    brand,
    sentBy: strings.sentBy(senderName),
    footer: [strings.sentBy(senderName), ...footerAddress(postal, senderName)].join('\n'),
    ...(from === undefined ? {} : { from }),
    ...(ctx.overrides === undefined ? {} : { overrides: ctx.overrides }),
    senderKind,
    hasValidation: ctx.validation !== undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Filling templates

const SLOT_STYLES: Readonly<Record<Slot, string>> = {
  optOut: `margin:24px 0 0;padding-top:16px;border-top:1px solid #e4e7eb;font-size:13px;color:${MUTED};`,
  debtCollectorDisclosure: 'margin:0 0 16px;font-size:15px;',
  timeBarredDisclosure: 'margin:0 0 16px;padding:12px 16px;border-left:4px solid #9aa5b1;background:#f5f7fa;font-size:15px;',
  validationNotice: '',
};

function isSlot(name: string, r: Resolved): name is Slot {
  return name in r.slots;
}

function value(name: string, r: Resolved): string {
  const v = r.values[name];
  // The linter and the renderer's check admit only known placeholders, so this is a programming error.
  if (v === undefined) throw new Error(`no value for {{${name}}} in ${r.kind}`);
  return v;
}

function linkUrl(token: Extract<Token, { type: 'link' }>, r: Resolved): string {
  return 'placeholder' in token.target ? value(token.target.placeholder, r) : checkUrl(token.target.url, 'template link').href;
}

/** Plain text: email text part, SMS and subject. */
function fillText(source: string, r: Resolved): string {
  return tokenize(source)
    .map((t) => {
      if (t.type === 'literal') return t.text;
      if (t.type === 'link') return `${t.label}: ${linkUrl(t, r)}`;
      return isSlot(t.name, r) ? r.slots[t.name].text : value(t.name, r);
    })
    .join('');
}

/** Inline HTML from a text paragraph: literal text escaped, URL values linked, slots as their HTML. */
function fillInlineHtml(source: string, r: Resolved): string {
  return tokenize(source)
    .map((t) => {
      if (t.type === 'literal') return escapeHtml(t.text).replace(/\n/g, '<br>');
      if (t.type === 'link') return linkHtml(t.label, linkUrl(t, r), r.brand.colors.primary);
      if (isSlot(t.name, r)) return r.slots[t.name].html;
      const v = value(t.name, r);
      return URL_VALUES.includes(t.name) ? linkHtml(v, v, r.brand.colors.primary) : escapeHtml(v);
    })
    .join('');
}

function renderEmailText(template: EmailTemplate, r: Resolved): string {
  const out = paragraphs(template.text)
    .map((para) => fillText(para, r).trim())
    .filter((para) => para !== '');
  return [...out, '--', r.footer].join('\n\n');
}

function renderEmailHtml(template: EmailTemplate, r: Resolved): string {
  if (template.html !== undefined) {
    // A creditor's own HTML: placeholders only; values escaped, slots as their HTML.
    return tokenize(template.html, false)
      .map((t) => {
        if (t.type !== 'placeholder') return t.type === 'literal' ? t.text : '';
        if (isSlot(t.name, r)) {
          const slot = r.slots[t.name];
          return slot.block || slot.html === '' ? slot.html : `<span style="${SLOT_STYLES[t.name]}">${slot.html}</span>`;
        }
        return escapeHtml(value(t.name, r));
      })
      .join('');
  }
  const out: string[] = [];
  for (const para of paragraphs(template.text)) {
    const sole = solePlaceholder(para);
    if (sole !== undefined && isSlot(sole, r)) {
      const slot = r.slots[sole];
      if (slot.html === '') continue;
      out.push(slot.block ? slot.html : `<p style="${SLOT_STYLES[sole]}">${slot.html}</p>`);
      continue;
    }
    const tokens = tokenize(para);
    const [only] = tokens;
    if (tokens.length === 1 && only?.type === 'link') {
      out.push(buttonHtml(only.label, linkUrl(only, r), r.brand.colors));
      continue;
    }
    if (fillText(para, r).trim() === '') continue;
    out.push(`<p style="margin:0 0 16px;">${fillInlineHtml(para, r)}</p>`);
  }
  return out.join('\n');
}

function renderSms(template: SmsTemplate, r: Resolved): string {
  return oneLine(fillText(template.body, r));
}

/** Renders a given template against a context. The linter uses it with sample data; everyone else calls renderMessage. */
export function renderTemplate(
  ctx: MessageContext,
  template: EmailTemplate | SmsTemplate,
  id: string,
): RenderedEmail | RenderedSms {
  return fill(resolve(ctx), template, id);
}

function fill(r: Resolved, template: EmailTemplate | SmsTemplate, id: string): RenderedEmail | RenderedSms {
  if (r.hasValidation && !templateHas(template, 'validationNotice')) {
    throw new Error(`validation information cannot go in a ${r.kind} ${r.channel}: its template has no {{validationNotice}}`);
  }
  if (r.channel === 'sms') {
    const body = renderSms(template as SmsTemplate, r);
    return { channel: 'sms', body, template: id, locale: r.locale, size: smsSize(body) };
  }
  const email = template as EmailTemplate;
  const subject = oneLine(fillText(email.subject, r));
  const html = emailDocument({ lang: r.locale, subject, brand: r.brand, content: renderEmailHtml(email, r), sentBy: r.sentBy });
  return {
    channel: 'email',
    subject,
    html,
    text: renderEmailText(email, r),
    template: id,
    locale: r.locale,
    ...(r.from === undefined ? {} : { from: r.from }),
  };
}

function templateHas(template: EmailTemplate | SmsTemplate, name: string): boolean {
  const sources = 'body' in template ? [template.body] : [template.text, ...(template.html === undefined ? [] : [template.html])];
  return sources.every((s) => new RegExp(String.raw`\{\{\s*${name}\s*\}\}`).test(s));
}

function isOverridable(kind: TemplateKind): kind is OverridableKind {
  return (OVERRIDABLE_KINDS as readonly TemplateKind[]).includes(kind);
}

/** The creditor's template for this message, checked; undefined when it has none (or the agency sends). */
function overrideFor(r: Resolved): { template: EmailTemplate | SmsTemplate; id: string } | undefined {
  if (r.senderKind !== 'creditor' || r.overrides === undefined || !isOverridable(r.kind)) return undefined;
  const template = r.overrides[r.kind]?.[r.locale]?.[r.channel];
  if (template === undefined) return undefined;
  const ok =
    r.channel === 'sms'
      ? typeof (template as SmsTemplate).body === 'string'
      : typeof (template as EmailTemplate).subject === 'string' &&
        typeof (template as EmailTemplate).text === 'string' &&
        ['string', 'undefined'].includes(typeof (template as EmailTemplate).html);
  const ref = { kind: r.kind, locale: r.locale, channel: r.channel };
  const problems = ok ? staticProblems(ref, template, 'creditor') : [];
  if (!ok || problems.length > 0) {
    const detail = ok ? problems.map((p) => p.message).join('; ') : 'it is not in the template format';
    throw new Error(`The creditor's ${r.kind}.${r.channel}.${r.locale} template cannot be used: ${detail}`);
  }
  return { template, id: overrideId(r.kind, r.channel, r.locale, template) };
}

/** Renders the message for one touch. Throws on a context that would produce an untruthful or unsafe message. */
export function renderMessage(ctx: MessageContext & { channel: 'email' }): RenderedEmail;
export function renderMessage(ctx: MessageContext & { channel: 'sms' }): RenderedSms;
export function renderMessage(ctx: MessageContext): RenderedEmail | RenderedSms;
export function renderMessage(ctx: MessageContext): RenderedEmail | RenderedSms {
  return renderResolved(resolve(ctx));
}

function renderResolved(r: Resolved): RenderedEmail | RenderedSms {
  const own = overrideFor(r);
  if (own !== undefined) return fill(r, own.template, own.id);
  return fill(r, builtInTemplate(r.kind, r.locale, r.channel), templateId(r.kind, r.channel, r.locale));
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers for callers

type ProfileBrand = CreditorProfile['brand'] & {
  postalAddress?: string;
  logoUrl?: string;
  colors?: BrandColors;
  signOff: SignOff;
};

/** The creditor's sender identity from its profile (brand fields the profile does not have yet are picked up once it does). */
export function creditorSender(profile: Pick<CreditorProfile, 'brand'>): CreditorSender {
  const b = profile.brand as ProfileBrand;
  return {
    kind: 'creditor',
    name: b.name,
    senderName: b.senderName,
    senderEmail: b.senderEmail,
    signOff: b.signOff,
    ...(b.supportPhone === undefined ? {} : { supportPhone: b.supportPhone }),
    ...(b.postalAddress === undefined ? {} : { postalAddress: b.postalAddress }),
    ...(b.logoUrl === undefined ? {} : { logoUrl: b.logoUrl }),
    ...(b.colors === undefined ? {} : { colors: b.colors }),
  };
}

