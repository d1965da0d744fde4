// An HTML-only email as text: planer (talon's quotation extraction) cuts the quoted history out of the DOM, and the
// rest becomes plain text. planer takes an injected Document; linkedom gives one without a browser,
// but has neither document.implementation nor XPath, so this module supplies the four queries planer asks.
import { parseHTML } from 'linkedom';
import planer from 'planer';
import { visibleText } from './visible-text.ts';

type HtmlDocument = ReturnType<typeof parseHTML>['document'];
type DomNode = { nodeType: number; textContent: string | null; childNodes: ArrayLike<DomNode> };
type DomElement = DomNode & { parentElement: DomElement | null; closest(selector: string): DomElement | null };

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const startsWithHeader = (node: DomNode) => /^(From|Date):/.test((node.textContent ?? '').replace(/\s+/g, ' ').trim());

function textNodes(node: DomNode, into: DomNode[] = []): DomNode[] {
  if (node.nodeType === TEXT_NODE) into.push(node);
  for (const child of Array.from(node.childNodes)) textNodes(child, into);
  return into;
}

/** planer's XPath queries (planer 1.2, lib/htmlPlaner.js), each as the nodes it selects, in document order. */
const XPATH_QUERIES: Record<string, (doc: HtmlDocument) => DomNode[]> = {
  '(.//blockquote)[not(ancestor::blockquote)][last()]': (doc) =>
    (Array.from(doc.querySelectorAll('blockquote')) as unknown as DomElement[])
      .filter((b) => !b.parentElement?.closest('blockquote'))
      .slice(-1),
  "//*[starts-with(normalize-space(.), 'From:')]|//*[starts-with(normalize-space(.), 'Date:')]": (doc) =>
    (Array.from(doc.querySelectorAll('*')) as unknown as DomNode[]).filter(startsWithHeader),
  "//text()[starts-with(normalize-space(.), 'From:')]|//text()[starts-with(normalize-space(.), 'Date:')]": (doc) =>
    textNodes(doc as unknown as DomNode).filter(startsWithHeader),
  "//div/div[@class='MsoNormal' and @align='center' and @style='text-align:center']/font/span/hr[@size='3' and @width='100%' and @align='center' and @tabindex='-1']":
    (doc) =>
      Array.from(
        doc.querySelectorAll(
          "div > div[class='MsoNormal'][align='center'][style='text-align:center'] > font > span > hr[size='3'][width='100%'][align='center'][tabindex='-1']",
        ),
      ) as unknown as DomNode[],
};

/** What planer reads of an XPathResult: the first node (type 9) or an iterator (type 5). */
function evaluate(this: HtmlDocument, query: string) {
  const select = XPATH_QUERIES[query];
  // A planer upgrade with a new query must fail in the tests, not silently keep the quote.
  if (!select) throw new Error(`planer asked an XPath query this adapter does not know: ${query}`);
  const nodes = select(this);
  let next = 0;
  return { singleNodeValue: nodes[0] ?? null, iterateNext: () => nodes[next++] ?? null };
}

/**
 * A document whose <body> holds the message's body. linkedom builds <html>, <head> and <body> only when the markup
 * has them all, and mail often has a bare fragment or an <html> without a <body>.
 */
function parseDocument(html: string): HtmlDocument {
  return parseHTML(`<!doctype html><html><head></head><body>${bodyMarkup(html)}</body></html>`).document;
}

function bodyMarkup(html: string): string {
  return (
    /<body[^>]*>([\s\S]*?)(?:<\/body>|$)/i.exec(html)?.[1] ??
    html.replace(/<!doctype[^>]*>|<\/?html[^>]*>|<head[^>]*>[\s\S]*?<\/head>/gi, '')
  );
}

/**
 * The document planer creates: it writes whole documents into <html>.innerHTML (a browser then drops the inner
 * <html> and <body> tags; linkedom would nest them), so that write goes to the body.
 */
function emptyDocument(): HtmlDocument {
  const document = parseDocument('');
  Object.defineProperty(document.documentElement, 'innerHTML', {
    set(markup: string) {
      document.body.innerHTML = bodyMarkup(markup);
    },
  });
  return Object.assign(document, { evaluate });
}

/** The `dom` planer.extractFromHtml takes: it only calls implementation.createHTMLDocument(). */
const PLANER_DOM = { implementation: { createHTMLDocument: emptyDocument } };

/** The HTML without what planer takes for its quoted history (blockquotes, Gmail and Outlook quotes, headers), as text. */
export function htmlWithoutQuote(html: string): string {
  // planer writes the message into a new document's <html>: with linkedom, the body must be spelt out.
  return htmlToText(planer.extractFromHtml(`<body>${parseDocument(html).body.innerHTML}</body>`, PLANER_DOM));
}

const BLOCKS = new Set([
  'address',
  'article',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const INVISIBLE = new Set(['head', 'script', 'style', 'template', 'title']);

/** Text as a mail client lays it out: a line per block and per <br>, runs of spaces as one; blockquotes as '>' lines. */
export function htmlToText(html: string, options: { quoteBlockquotes?: boolean } = {}): string {
  const walk = (node: DomNode): string => {
    if (node.nodeType === TEXT_NODE) return (node.textContent ?? '').replace(/\s+/g, ' ');
    if (node.nodeType !== ELEMENT_NODE) return '';
    const tag = (node as unknown as { localName: string }).localName;
    if (INVISIBLE.has(tag)) return '';
    if (tag === 'br') return '\n';
    const inner = Array.from(node.childNodes).map(walk).join('');
    if (tag === 'blockquote' && options.quoteBlockquotes) return `\n${tidy(inner).replace(/^/gm, '> ')}\n`;
    return BLOCKS.has(tag) ? `\n${inner}\n` : inner;
  };
  return tidy(walk(parseDocument(html).body as unknown as DomNode));
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\u00a0/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const squashed = (text: string) => text.replace(/\s+/g, '');

/**
 * The debtor's own words in an HTML-only email. planer cuts in the DOM; where its DOM rules misfire (an Outlook header
 * removed but not the message under it, or the reply's own container taken for the quote), the whole text with its
 * blockquotes as '>' lines tells: its cut wins when it keeps the same beginning and cuts earlier, or planer kept nothing.
 */
export function visibleHtmlText(html: string): string {
  const cut = visibleText(htmlWithoutQuote(html));
  const whole = visibleText(htmlToText(html, { quoteBlockquotes: true }));
  if (cut === '') return whole;
  return whole !== '' && squashed(cut).startsWith(squashed(whole)) ? whole : cut;
}
