// The values a message context brings, made safe to place in a message: one line of text each (no control characters
// or runs of whitespace), required or optional, and links only to absolute URLs of the schemes allowed there.

/** One line of plain text: control characters and runs of whitespace become a single space. */
export function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function required(value: string | undefined, field: string): string {
  const cleaned = oneLine(value ?? '');
  if (cleaned === '') throw new Error(`${field} is required`);
  return cleaned;
}

export function optional(value: string | undefined): string | undefined {
  const cleaned = oneLine(value ?? '');
  return cleaned === '' ? undefined : cleaned;
}

/** Only absolute URLs of the given schemes may become links. Errors name the field, never the URL (it may identify the debtor). */
export function checkUrl(value: string, field: string, protocols: readonly string[] = ['https:', 'http:']): URL {
  const expected = `an absolute ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${field} must be ${expected}`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${field} must be ${expected}`);
  return url;
}

/** A postal address: each line made one line of text, blank lines dropped; undefined when nothing is left. */
export function postalAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const lines = value
    .split(/\r\n?|\n/)
    .map(oneLine)
    .filter((l) => l !== '');
  return lines.length === 0 ? undefined : lines.join('\n');
}
