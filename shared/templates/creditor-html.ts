// What a creditor's own HTML may contain, enforced by a maintained sanitizer (sanitize-html) on an allowlist: a few
// text-formatting elements, links by the rule in creditor-links.ts, and no attributes but a link's href. No style,
// class or event handler: with them a template could run code, hide the opt-out (display:none, a white or zero-size
// font) or restyle the disclosures; our layout styles the message. The same pass tells the linter what it removed
// and what a reader sees (entities decoded, tags stripped, removed elements' text dropped), which the tone rules read.
import sanitizeHtml from 'sanitize-html';
import { creditorLinkProblem } from './creditor-links.ts';

export const CREDITOR_HTML_TAGS = ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 'span', 'a', 'ul', 'ol', 'li', 'h1', 'h2', 'h3'];

/** Elements whose content is removed with them: never shown in a message body (and, for some, code or markup). */
const REMOVED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'xmp',
  'title',
  'head',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'object',
  'svg',
  'math',
];

/** Elements that do not break a word: "co<b>u</b>rt" reads "court". Any other tag starts a new line. */
const INLINE_TAGS = new Set(['a', 'b', 'strong', 'em', 'i', 'u', 'span']);

export interface RemovedMarkup {
  rule: 'unsafe-html' | 'invalid-link';
  /** The markup as the parser read it (entities decoded). */
  quote: string;
  /** What it is and why it is not allowed, quoting it. */
  message: string;
}

export interface SanitizedHtml {
  /** The HTML with everything outside the allowlist removed; placeholders are kept. */
  html: string;
  /** What a reader sees: entities decoded, tags stripped, the text of removed elements dropped. */
  visibleText: string;
  /** Each element, attribute or link that was removed, with the reason. */
  removed: RemovedMarkup[];
}

const TAG_LIST = CREDITOR_HTML_TAGS.map((t) => `<${t}>`).join(', ');

function attributeReason(tag: string, name: string): string | undefined {
  if (tag === 'a' && name === 'href') return undefined;
  if (/^on/i.test(name)) return 'is an event handler, which runs code';
  if (name === 'style')
    return 'is not allowed: a style can hide text (display:none, a zero-size or invisible font); the layout styles the message';
  return 'is not an attribute a creditor template may use (only href, on <a>)';
}

function removalsOf(tag: string, attributes: Record<string, string>, linkDomains: readonly string[]): RemovedMarkup[] {
  const out: RemovedMarkup[] = [];
  if (!CREDITOR_HTML_TAGS.includes(tag)) {
    const quote = `<${tag}>`;
    out.push({ rule: 'unsafe-html', quote, message: `${quote} is not an element a creditor template may use (${TAG_LIST})` });
  }
  for (const [name, value] of Object.entries(attributes)) {
    const quote = `${name}="${value}"`;
    const reason = attributeReason(tag, name);
    if (reason !== undefined) {
      out.push({ rule: 'unsafe-html', quote, message: `${quote} ${reason}` });
      continue;
    }
    const linkReason = creditorLinkProblem(value, linkDomains);
    if (linkReason !== undefined) out.push({ rule: 'invalid-link', quote, message: `${quote}: ${linkReason}` });
  }
  return out;
}

/** A string sanitize-html escaped as text (&, < and >), back to the text. */
function unescapeText(escaped: string): string {
  return escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A creditor's HTML, sanitized: what is left, what a reader sees of it, and what was removed. */
export function sanitizeCreditorHtml(source: string, linkDomains: readonly string[]): SanitizedHtml {
  const removed: RemovedMarkup[] = [];
  let visibleText = '';
  const html = sanitizeHtml(source, {
    allowedTags: CREDITOR_HTML_TAGS,
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['https', 'mailto'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: REMOVED_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        const keep = href !== undefined && creditorLinkProblem(href, linkDomains) === undefined;
        return { tagName, attribs: keep ? { ...rest, href } : rest };
      },
    },
    onOpenTag: (tag, attributes) => {
      removed.push(...removalsOf(tag, attributes, linkDomains));
      if (!INLINE_TAGS.has(tag)) visibleText += '\n';
    },
    onCloseTag: (tag) => {
      if (!INLINE_TAGS.has(tag)) visibleText += '\n';
    },
    textFilter: (text) => {
      visibleText += unescapeText(text);
      return text;
    },
  });
  return { html, visibleText, removed };
}
