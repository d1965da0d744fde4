// Locales: the account's language tag (BCP 47, such as `es-US`) picks the template locale, English when we have none
// for it, and also how amounts and dates are written.
import { cachedIn } from '../cached.ts';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Where a tag names only a language, the currency's home region makes amounts read naturally (es + USD → es-US: "$1,234.50"). */
const CURRENCY_REGIONS: Readonly<Record<string, string>> = {
  USD: 'US',
  CAD: 'CA',
  MXN: 'MX',
  GBP: 'GB',
  AUD: 'AU',
  NZD: 'NZ',
};

/** Parsed tags, kept: an account's tag is parsed for every message, and there are few distinct tags. */
const canonicalTags = new Map<string, Intl.Locale | undefined>();

function canonical(tag: string | undefined): Intl.Locale | undefined {
  if (tag === undefined || tag.trim() === '') return undefined;
  if (canonicalTags.has(tag)) return canonicalTags.get(tag);
  let parsed: Intl.Locale | undefined;
  try {
    parsed = new Intl.Locale(tag.trim().replace(/_/g, '-'));
  } catch {
    parsed = undefined;
  }
  if (canonicalTags.size < 1000) canonicalTags.set(tag, parsed);
  return parsed;
}

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The template locale for a raw tag: its language when we write in it, English otherwise (also for a malformed tag). */
export function resolveLocale(tag: string | undefined): Locale {
  const language = canonical(tag)?.language.toLowerCase();
  return language !== undefined && isLocale(language) ? language : DEFAULT_LOCALE;
}

/**
 * The Intl locale for amounts and dates: the account's own tag when it is in the template's language (so `es-MX`
 * keeps Mexican formatting), with the currency's region added to a bare language; the template language otherwise.
 */
export function formattingLocale(tag: string | undefined, currency: string): string {
  const locale = resolveLocale(tag);
  const parsed = canonical(tag);
  if (parsed !== undefined && parsed.language.toLowerCase() === locale && parsed.region !== undefined) {
    return `${locale}-${parsed.region}`;
  }
  const region = CURRENCY_REGIONS[currency.toUpperCase()];
  return region === undefined ? locale : `${locale}-${region}`;
}

/** A calendar date (YYYY-MM-DD) written out, such as "March 3, 2026" or "3 de marzo de 2026". */
export function formatDate(isoDate: string, intlLocale: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== isoDate) {
    throw new Error(`${field} must be a date such as 2026-03-31`);
  }
  return cachedIn(longDateFormats, intlLocale, () => new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeZone: 'UTC' })).format(
    date,
  );
}

/** One long-date formatter per locale, kept: building one costs far more than formatting. */
const longDateFormats = new Map<string, Intl.DateTimeFormat>();
