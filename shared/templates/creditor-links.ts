// Where a creditor's own templates may send a debtor: the platform's URL placeholders (the payment link), https pages
// on the creditor's own domains, and mail to its own domains. Anything else (another site, http, javascript:, data:)
// is how a template would phish or run code, so the linter refuses it and the renderer drops it.
import { URL_VALUES } from './kinds.ts';

/** What a creditor's brand says about its domains. */
interface LinkDomainsSource {
  paymentUrl: string;
  senderEmail?: string;
  /** Further domains of its own that its templates may link to. */
  linkDomains?: readonly string[];
}

/** A domain as URLs spell their host: lower case, punycode, no trailing dot; undefined when it is not a host name. */
function hostName(domain: string): string | undefined {
  try {
    const host = new URL(`https://${domain.trim()}`).hostname.replace(/\.$/, '');
    return host.includes('.') ? host : undefined;
  } catch {
    return undefined;
  }
}

/** The domains a creditor's templates may link to: its payment page's, its sender address's and those it lists. */
export function creditorLinkDomains(brand: LinkDomainsSource): string[] {
  const candidates = [
    URL.parse(brand.paymentUrl)?.hostname ?? '',
    brand.senderEmail?.split('@').at(-1) ?? '',
    ...(brand.linkDomains ?? []),
  ];
  const hosts = candidates.map(hostName).filter((h): h is string => h !== undefined);
  return [...new Set(hosts)];
}

function onDomains(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

const URL_PLACEHOLDER = new RegExp(String.raw`^\{\{\s*(${URL_VALUES.join('|')})\s*\}\}$`);
const MAILTO_FIELDS = new Set(['subject', 'body']);

/**
 * Why a creditor's template may not link to `target` (a link's address as the debtor's mail client reads it: entities
 * decoded), or undefined when it may.
 */
export function creditorLinkProblem(target: string, domains: readonly string[]): string | undefined {
  const trimmed = target.trim();
  if (URL_PLACEHOLDER.test(trimmed)) return undefined;
  const ours = `the creditor's domains (${domains.join(', ') || 'none'}; list more in brand.linkDomains)`;
  if (trimmed.includes('{{'))
    return `a link's address is ${URL_VALUES.map((u) => `{{${u}}}`).join(' or ')} alone, or a URL without placeholders`;
  // Browsers drop tabs and newlines inside a URL and spaces around it ("java\nscript:"): so does the URL parser.
  const url = URL.parse(trimmed);
  if (url === null) return 'it is not an absolute URL: links go to {{paymentUrl}}, an https page or a mailto: address';
  if (url.protocol === 'https:') {
    return onDomains(url.hostname, domains) ? undefined : `it leads to ${url.hostname}, which is not one of ${ours}`;
  }
  if (url.protocol === 'mailto:') {
    const addresses = decodeURIComponent(url.pathname).split(',');
    const foreign = addresses.find((a) => !onDomains(hostName(a.split('@').at(-1) ?? '') ?? '', domains));
    if (foreign !== undefined) return `it mails ${foreign.trim() || 'no address'}, which is not at one of ${ours}`;
    const extra = [...url.searchParams.keys()].find((k) => !MAILTO_FIELDS.has(k.toLowerCase()));
    return extra === undefined ? undefined : `a mailto: link may set subject and body only, not "${extra}"`;
  }
  return `${url.protocol} links are not allowed: links go to {{paymentUrl}}, an https page or a mailto: address`;
}

/** Absolute http(s) URLs written out in text: mail clients and phones make them links. */
export function bareUrls(text: string): string[] {
  return [...text.matchAll(/\bhttps?:\/\/[^\s<>"'()[\]]+/gi)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}
