// What code, never a template, puts in a message; a template only says where each goes:
// - the opt-out (Reg F 1006.6(e)): the SMS opt-out line, or the unsubscribe line in both email parts;
// - the debt-collector statement in the agency's messages: full in its initial communication, short after;
// - the time-barred disclosure in messages that ask for payment on a debt out of statute;
// - the validation information (Reg F 1006.34), in the agency's email.
import { checkUrl, postalAddress, required } from './clean-values.ts';
import { PAYMENT_KINDS, type Slot } from './kinds.ts';
import { MUTED, escapeHtml, linkHtml } from './layout.ts';
import type { Locale } from './locale.ts';
import type { MessageContext } from './message-context.ts';
import type { MessageSender } from './message-sender.ts';
import { noticeHtml, noticeText } from './notice-layout.ts';
import { STRINGS, type EmailOptOutTarget } from './strings.ts';
import { validationNotices } from './validation.ts';

/** What fills a slot, in both forms. */
export interface SlotContent {
  text: string;
  html: string;
  /** Block-level HTML (placed without a wrapping paragraph). */
  block: boolean;
}

const EMPTY_SLOT: SlotContent = { text: '', html: '', block: false };

const plain = (text: string): SlotContent => ({ text, html: escapeHtml(text), block: false });

function emailOptOutTarget(emailUrl: string): EmailOptOutTarget {
  const url = checkUrl(emailUrl, 'optOut.emailUrl', ['https:', 'http:', 'mailto:']);
  if (url.protocol !== 'mailto:') return { kind: 'url', url: url.href };
  const addressPart = decodeURIComponent(url.pathname);
  if (!/^[^\s@]+@[^\s@]+$/.test(addressPart)) throw new Error('optOut.emailUrl must be an absolute https or mailto URL');
  return { kind: 'mailto', address: addressPart, subject: url.searchParams.get('subject') ?? 'unsubscribe' };
}

/** Where disputes are accepted electronically: a web page, or an email address (a `mailto:` shows as the address). */
function disputeTarget(value: string): string {
  const url = checkUrl(value, 'validation.disputeUrl', ['https:', 'http:', 'mailto:']);
  return url.protocol === 'mailto:' ? decodeURIComponent(url.pathname) : url.href;
}

/** What the disclosures draw on besides the context: its resolved locale, names and formatting. */
export interface DisclosureFacts {
  locale: Locale;
  creditorName: string;
  sender: MessageSender;
  /** The Intl locale to format figures in for a message language. */
  intlFor: (lang: Locale) => string;
}

/** Every slot's content for this message (empty where a disclosure does not apply). Throws on validation sent wrongly. */
export function disclosureSlots(ctx: MessageContext, facts: DisclosureFacts): Record<Slot, SlotContent> {
  const { locale, creditorName, sender } = facts;
  const strings = STRINGS[locale];
  const slots: Record<Slot, SlotContent> = {
    optOut: EMPTY_SLOT,
    debtCollectorDisclosure: EMPTY_SLOT,
    timeBarredDisclosure: EMPTY_SLOT,
    validationNotice: EMPTY_SLOT,
  };
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
  if (sender.kind === 'agency') {
    const initial = ctx.initialCommunication ?? (ctx.kind === 'third-party' && ctx.touchNumber === 1);
    const text = initial ? strings.debtCollectorFull(ctx.channel) : strings.debtCollectorShort;
    slots.debtCollectorDisclosure = plain(text);
  }
  if (ctx.timeBarred === true && PAYMENT_KINDS.includes(ctx.kind)) {
    slots.timeBarredDisclosure = plain(strings.timeBarred(creditorName));
  }
  if (ctx.validation !== undefined) {
    if (sender.kind !== 'agency') throw new Error('validation information is sent by the agency (a debt collector), not the creditor');
    if (ctx.channel !== 'email') throw new Error('validation information goes in an email, not an SMS');
    const v = ctx.validation;
    if (v.currentMinor !== ctx.balanceMinor) {
      throw new Error('validation.currentMinor must equal balanceMinor: the message and its validation notice show one amount');
    }
    const disputeAddress = postalAddress(v.disputeAddress) ?? sender.postalAddress;
    if (disputeAddress === undefined) {
      throw new Error('validation needs a mailing address for disputes: validation.disputeAddress or sender.address');
    }
    const notices = validationNotices(
      v,
      {
        collectorName: sender.name,
        collectorAddress: disputeAddress.replace(/\n/g, ', '),
        ...(sender.phone === undefined ? {} : { collectorPhone: sender.phone }),
        ...(sender.from === undefined ? {} : { collectorEmail: sender.from.address }),
        creditorName,
        ...(v.disputeUrl === undefined ? {} : { disputeUrl: disputeTarget(v.disputeUrl) }),
      },
      locale,
      ctx.currency,
      facts.intlFor,
    );
    slots.validationNotice = {
      text: notices.map(noticeText).join('\n\n'),
      html: notices.map((n) => noticeHtml(n, sender.brand.colors)).join('\n'),
      block: true,
    };
  }
  return slots;
}
