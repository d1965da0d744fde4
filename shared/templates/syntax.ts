// The template language, shared by our templates and a creditor's own:
//
//   {{name}}          a placeholder (letters and digits, starting with a letter; spaces inside the braces allowed)
//   [label](target)   a link, where target is a URL placeholder such as {{paymentUrl}} or an absolute http(s) URL;
//                     alone in its paragraph it becomes a button in HTML and "label: URL" in text
//   a blank line      separates paragraphs (email text, and the HTML derived from it)
//
// An email's own `html` part is HTML with placeholders only: its values are escaped, links are written as <a> tags.

export const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const LINK_TARGET = String.raw`\{\{\s*[A-Za-z][A-Za-z0-9]*\s*\}\}|https?:\/\/[^\s()<>]+`;
const TOKEN = new RegExp(String.raw`\[([^\[\]\n]+)\]\((${LINK_TARGET})\)|\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}`, 'g');

export type Token =
  | { type: 'literal'; text: string }
  | { type: 'placeholder'; name: string }
  | { type: 'link'; label: string; target: { placeholder: string } | { url: string } };

/** Splits a template string into literal text, placeholders and links. */
export function tokenize(source: string, links = true): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index;
    if (match[3] === undefined && !links) continue;
    if (index > last) tokens.push({ type: 'literal', text: source.slice(last, index) });
    if (match[3] !== undefined) {
      tokens.push({ type: 'placeholder', name: match[3] });
    } else {
      const target = match[2] as string;
      const name = /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}$/.exec(target)?.[1];
      tokens.push({ type: 'link', label: match[1] as string, target: name ? { placeholder: name } : { url: target } });
    }
    last = index + match[0].length;
  }
  if (last < source.length) tokens.push({ type: 'literal', text: source.slice(last) });
  return tokens;
}

export interface PlaceholderUse {
  name: string;
  /** The text as written, such as `{{ firstName }}`. */
  raw: string;
  index: number;
}

/** Every placeholder in a template string, links' targets included. */
export function placeholders(source: string): PlaceholderUse[] {
  return [...source.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] as string, raw: m[0], index: m.index }));
}

/** Braces that do not form a placeholder: a stray `{{` or `}}`, or a single-brace `{name}`. Quoted with a little context. */
export function malformedPlaceholders(source: string): string[] {
  const blanked = source.replace(PLACEHOLDER, (m) => ' '.repeat(m.length));
  const found: string[] = [];
  for (const m of blanked.matchAll(/\{\{|\}\}|\{\s*[A-Za-z][A-Za-z0-9]*\s*\}/g)) {
    found.push(quoteAround(source, m.index, m[0].length));
  }
  return found;
}

/** The text around a match, on one line, for quoting in an error. */
export function quoteAround(source: string, index: number, length: number, context = 12): string {
  const start = Math.max(0, index - context);
  const end = Math.min(source.length, index + length + context);
  return `${start > 0 ? '…' : ''}${source.slice(start, end)}${end < source.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

/** Paragraphs of an email's text: separated by blank lines, trimmed, empty ones dropped. */
export function paragraphs(source: string): string[] {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The placeholder a paragraph consists of, if it is nothing else. */
export function solePlaceholder(paragraph: string): string | undefined {
  return /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}$/.exec(paragraph)?.[1];
}
