// Who a message can be sent by: the creditor under its own brand (first-party kinds), or the agency as itself
// (third-party kinds). These are what a caller puts in a message context; the renderer checks and cleans them.
import type { BrandColors } from './layout.ts';
import type { Locale } from './locale.ts';

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
  /** Domains of its own its templates may link to, besides those of its payment page and sender address. */
  linkDomains?: readonly string[];
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

/**
 * A creditor's brand as its profile holds it: its sender identity and its payment page. Declared here rather than
 * taken from the profile module because the profile depends on templates (for its overrides schema), not the other way.
 */
export type CreditorBrand = Omit<CreditorSender, 'kind'> & { paymentUrl: string };

/** The creditor's sender identity from its profile's brand. */
export function creditorSender(profile: { brand: CreditorBrand }): CreditorSender {
  const b = profile.brand;
  return {
    kind: 'creditor',
    name: b.name,
    ...(b.senderName === undefined ? {} : { senderName: b.senderName }),
    ...(b.senderEmail === undefined ? {} : { senderEmail: b.senderEmail }),
    signOff: b.signOff,
    ...(b.supportPhone === undefined ? {} : { supportPhone: b.supportPhone }),
    ...(b.postalAddress === undefined ? {} : { postalAddress: b.postalAddress }),
    ...(b.logoUrl === undefined ? {} : { logoUrl: b.logoUrl }),
    ...(b.colors === undefined ? {} : { colors: b.colors }),
    ...(b.linkDomains === undefined ? {} : { linkDomains: b.linkDomains }),
  };
}
