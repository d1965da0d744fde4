// The sender a message is rendered from, in one shape whichever side sends it: the creditor under its brand
// (first-party kinds) or the agency as itself (third-party ones). One function per side reads its own fields; from
// here on, templates, footers and disclosures treat both alike.
import { checkUrl, optional, postalAddress, required } from './clean-values.ts';
import { brandColors, type BrandColors, type LayoutBrand } from './layout.ts';
import type { SenderKind } from './kinds.ts';
import type { Locale } from './locale.ts';
import type { AgencySender, CreditorSender, Sender, SignOff } from './senders.ts';
import { STRINGS } from './strings.ts';

/** Who a message is from, checked and cleaned. */
export interface MessageSender {
  kind: SenderKind;
  name: string;
  /** Offered as "or call …"; the validation notice's phone. */
  phone?: string;
  /** The sign-off for the message's locale. */
  signOff: string;
  /** The full mailing address, lines separated by newlines: the footer's, and where disputes go by default. */
  postalAddress?: string;
  brand: LayoutBrand;
  /** The email From, when the sender has an address. */
  from?: { name: string; address: string };
}

/** The postal address lines for a footer that already names the sender: a first line repeating the name is dropped. */
export function footerAddress(postal: string | undefined, senderName: string): string[] {
  const lines = postal === undefined ? [] : postal.split('\n');
  return lines[0] === senderName ? lines.slice(1) : lines;
}

function pickSignOff(signOff: SignOff | undefined, locale: Locale, senderName: string): string {
  const chosen =
    typeof signOff === 'string' ? (locale === 'en' ? signOff : undefined) : signOff === undefined ? undefined : signOff[locale];
  return optional(chosen) ?? STRINGS[locale].defaultSignOff(senderName);
}

/** The email layout's brand: colours and logo checked (either could smuggle markup or CSS), the footer's address. */
function layoutBrand(name: string, look: { colors?: BrandColors; logoUrl?: string }, postal: string | undefined): LayoutBrand {
  return {
    name,
    colors: brandColors(look.colors, 'sender.colors'),
    ...(look.logoUrl === undefined ? {} : { logoUrl: checkUrl(look.logoUrl, 'sender.logoUrl', ['https:']).href }),
    ...(postal === undefined ? {} : { postalAddress: footerAddress(postal, name).join('\n') }),
  };
}

function fromCreditor(s: CreditorSender, locale: Locale): MessageSender {
  const name = required(s.name, 'sender.name');
  if (typeof s.signOff === 'string') required(s.signOff, 'sender.signOff');
  const postal = postalAddress(s.postalAddress);
  const fromAddress = optional(s.senderEmail);
  return {
    kind: 'creditor',
    name,
    phone: optional(s.supportPhone),
    signOff: pickSignOff(s.signOff, locale, name),
    postalAddress: postal,
    brand: layoutBrand(name, s, postal),
    ...(fromAddress === undefined ? {} : { from: { name: optional(s.senderName) ?? name, address: fromAddress } }),
  };
}

function fromAgency(s: AgencySender, locale: Locale): MessageSender {
  const name = required(s.name, 'sender.name');
  const postal = postalAddress(s.address);
  const fromAddress = optional(s.email);
  return {
    kind: 'agency',
    name,
    phone: optional(s.phone),
    signOff: pickSignOff(s.signOff, locale, name),
    postalAddress: postal,
    brand: layoutBrand(name, s, postal),
    ...(fromAddress === undefined ? {} : { from: { name, address: fromAddress } }),
  };
}

export function messageSender(sender: Sender, locale: Locale): MessageSender {
  return sender.kind === 'creditor' ? fromCreditor(sender, locale) : fromAgency(sender, locale);
}
