// The HTML email around a message: the sender's brand (logo or name, colours) on top, the message, and a footer naming
// the sender and its postal address. Inline styles and a single-column table-free layout, which every mail client
// renders. Every value arrives here already HTML-escaped or is escaped here.

export interface BrandColors {
  /** Buttons, links and the header accent. */
  primary?: string;
  /** Body text. */
  text?: string;
  /** The page behind the message. */
  background?: string;
}

export interface LayoutBrand {
  name: string;
  logoUrl?: string;
  colors: Required<BrandColors>;
  postalAddress?: string;
}

export const DEFAULT_COLORS: Required<BrandColors> = { primary: '#2f5d8a', text: '#1f2933', background: '#f5f6f8' };
export const MUTED = '#52606d';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and (quoted) attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Brand colours, each checked to be a hex colour (anything else could smuggle CSS into a style attribute). */
export function brandColors(colors: BrandColors | undefined, field: string): Required<BrandColors> {
  const out = { ...DEFAULT_COLORS };
  for (const key of ['primary', 'text', 'background'] as const) {
    const value = colors?.[key];
    if (value === undefined) continue;
    if (!HEX.test(value.trim())) throw new Error(`${field}.${key} must be a hex colour such as #2f5d8a`);
    out[key] = value.trim().toLowerCase();
  }
  return out;
}

function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const channels = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on the given colour (WCAG contrast). */
export function readableOn(background: string): string {
  return contrast('#ffffff', background) >= contrast(DEFAULT_COLORS.text, background) ? '#ffffff' : DEFAULT_COLORS.text;
}

export function buttonHtml(label: string, url: string, colors: Required<BrandColors>): string {
  return (
    `<p style="margin:8px 0 24px;"><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 22px;` +
    `background:${colors.primary};color:${readableOn(colors.primary)};text-decoration:none;border-radius:6px;font-weight:bold;">` +
    `${escapeHtml(label)}</a></p>`
  );
}

export function linkHtml(label: string, url: string, color: string): string {
  return `<a href="${escapeHtml(url)}" style="color:${color};">${escapeHtml(label)}</a>`;
}

export interface LayoutInput {
  lang: string;
  subject: string;
  brand: LayoutBrand;
  /** The message body, already HTML. */
  content: string;
  /** "Sent by …", already localized (plain text). */
  sentBy: string;
}

export function emailDocument(input: LayoutInput): string {
  const { brand } = input;
  const c = brand.colors;
  const header =
    brand.logoUrl === undefined
      ? `<p style="margin:0;font-size:20px;font-weight:bold;color:${c.primary};">${escapeHtml(brand.name)}</p>`
      : `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.name)}" height="40" style="display:block;height:40px;max-width:240px;border:0;">`;
  const address =
    brand.postalAddress === undefined || brand.postalAddress === ''
      ? ''
      : `<br>${brand.postalAddress.split('\n').map(escapeHtml).join('<br>')}`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(input.lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:${c.background};">`,
    `<div style="max-width:600px;margin:0 auto;padding:24px 12px;font-family:Arial,Helvetica,sans-serif;">`,
    `<div style="padding:0 0 16px;border-bottom:3px solid ${c.primary};margin:0 0 24px;">${header}</div>`,
    `<div style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:${c.text};">`,
    input.content,
    '</div>',
    `<p style="margin:24px 0 0;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:1.5;color:${MUTED};">${escapeHtml(input.sentBy)}${address}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}
