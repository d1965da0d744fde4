// planer ships no types: the two calls Tactful makes.
declare module 'planer' {
  /** The message without its quoted history (talon's plain-text algorithm). */
  function extractFromPlain(body: string): string;
  /** The HTML without its quoted history, as the outerHTML of a document created through `dom`. */
  function extractFromHtml(html: string, dom: { implementation: { createHTMLDocument(): unknown } }): string;
  /** One marker per line: e empty, m quoted ('>'), f forwarded-message line, s quote header (splitter), t text. */
  function markMessageLines(lines: string[]): string;
  const planer: {
    extractFromPlain: typeof extractFromPlain;
    extractFromHtml: typeof extractFromHtml;
    markMessageLines: typeof markMessageLines;
  };
  export default planer;
}
