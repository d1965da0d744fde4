// The validation notice on paper, for a debtor the agency cannot email: a letter from the agency (its name and return
// address on top, the debtor's name and address where a window envelope shows it, the date) carrying the same notice
// an email carries (validation.ts), laid out by notice-layout.ts. The notice names the debt collector and says that it
// collects a debt, so the letter is also the agency's initial communication (FDCPA 807(11)). Every value is escaped.
import type { PostalAddress } from '../accounts/account.ts';
import { postalAddress, required } from './clean-values.ts';
import { DEFAULT_COLORS, escapeHtml } from './layout.ts';
import { formatDate, formattingLocale, resolveLocale, type Locale } from './locale.ts';
import { noticeHtml, noticeText } from './notice-layout.ts';
import { validationNotices, type ValidationInfo } from './validation.ts';

export interface ValidationLetterContext {
  /** The account's language, raw BCP 47; English when absent or unsupported (a Spanish letter carries the English too). */
  locale?: string;
  agency: { name: string; address: string; email?: string; phone?: string };
  creditorName: string;
  debtorName: string;
  debtorAddress: PostalAddress;
  currency: string;
  /** YYYY-MM-DD: the day it is mailed, printed as the letter's date. */
  mailedOn: string;
  validation: ValidationInfo;
}

export interface RenderedLetter {
  /** A whole HTML page, as print-and-mail services take it. */
  html: string;
  text: string;
  /** Like a message template's id: kind, medium, language, version. */
  template: string;
}

/** The address lines a window envelope shows; throws when there is no street line to mail to. */
export function mailingLines(name: string, address: PostalAddress): string[] {
  const line1 = required(address.line1, 'debtor address line1');
  const cityLine = [address.city, [address.state, address.zip].filter((v) => v).join(' ')].filter((v) => v).join(', ');
  return [
    name.trim(),
    line1.trim(),
    ...(cityLine ? [cityLine] : []),
    ...(address.country && address.country !== 'US' ? [address.country] : []),
  ];
}

export function renderValidationLetter(ctx: ValidationLetterContext): RenderedLetter {
  const locale: Locale = resolveLocale(ctx.locale);
  const agencyAddress = postalAddress(ctx.agency.address);
  if (agencyAddress === undefined) throw new Error('a validation letter needs the agency mailing address');
  const notices = validationNotices(
    ctx.validation,
    {
      collectorName: ctx.agency.name,
      collectorAddress: agencyAddress.replace(/\n/g, ', '),
      ...(ctx.agency.phone === undefined ? {} : { collectorPhone: ctx.agency.phone }),
      ...(ctx.agency.email === undefined ? {} : { collectorEmail: ctx.agency.email }),
      creditorName: ctx.creditorName,
      medium: 'letter',
    },
    locale,
    ctx.currency,
    (lang) => formattingLocale(lang === locale ? ctx.locale : lang, ctx.currency),
  );
  const to = mailingLines(ctx.debtorName, ctx.debtorAddress);
  // The address may already begin with the agency's name, as a return address does.
  const from = agencyAddress.startsWith(ctx.agency.name) ? agencyAddress.split('\n') : [ctx.agency.name, ...agencyAddress.split('\n')];
  const dated = formatDate(ctx.mailedOn, formattingLocale(ctx.locale, ctx.currency), 'mailedOn');
  const lines = (ls: string[]) => ls.map(escapeHtml).join('<br>');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(notices[0]!.title)}</title></head>`,
    `<body style="font-family:Helvetica,Arial,sans-serif;color:${DEFAULT_COLORS.text};font-size:14px;margin:0.5in;">`,
    `<p style="margin:0 0 24px;">${lines(from)}</p>`,
    `<p style="margin:0 0 24px;">${lines(to)}</p>`,
    `<p style="margin:0 0 16px;">${escapeHtml(dated)}</p>`,
    ...notices.map((n) => noticeHtml(n, DEFAULT_COLORS)),
    '</body></html>',
  ].join('\n');
  const text = [from.join('\n'), to.join('\n'), dated, ...notices.map(noticeText)].join('\n\n');
  return { html, text, template: `validation-notice.letter.${locale}.v1` };
}
