// Filling a template as the email's HTML content (the layout in layout.ts goes around it). From the text part, each
// paragraph becomes a <p>, a paragraph that is only a link a button, a slot its own styled block; a creditor's own HTML
// is sanitized (creditor-html.ts), then takes placeholders only. Literal text and values are escaped; URL values become
// links.
import { sanitizeCreditorHtml } from './creditor-html.ts';
import { SLOTS, URL_VALUES, type Slot } from './kinds.ts';
import { MUTED, buttonHtml, escapeHtml, linkHtml } from './layout.ts';
import { fillText, isSlot, linkUrl, value } from './fill-text.ts';
import type { ResolvedContext } from './resolve-context.ts';
import { paragraphs, placeholders, solePlaceholder, tokenize } from './syntax.ts';
import type { EmailTemplate } from './types.ts';

const SLOT_STYLES: Readonly<Record<Slot, string>> = {
  optOut: `margin:24px 0 0;padding-top:16px;border-top:1px solid #e4e7eb;font-size:13px;color:${MUTED};`,
  debtCollectorDisclosure: 'margin:0 0 16px;font-size:15px;',
  timeBarredDisclosure: 'margin:0 0 16px;padding:12px 16px;border-left:4px solid #9aa5b1;background:#f5f7fa;font-size:15px;',
  validationNotice: '',
};

/** Inline HTML from a text paragraph: literal text escaped, URL values linked, slots as their HTML. */
function fillInlineHtml(source: string, r: ResolvedContext): string {
  return tokenize(source)
    .map((t) => {
      if (t.type === 'literal') return escapeHtml(t.text).replace(/\n/g, '<br>');
      if (t.type === 'link') return linkHtml(t.label, linkUrl(t, r), r.brand.colors.primary);
      if (isSlot(t.name, r)) return r.slots[t.name].html;
      const v = value(t.name, r);
      return URL_VALUES.includes(t.name) ? linkHtml(v, v, r.brand.colors.primary) : escapeHtml(v);
    })
    .join('');
}

/** A slot as a paragraph of its own (empty when it does not apply). */
function slotParagraph(name: Slot, r: ResolvedContext): string {
  const slot = r.slots[name];
  return slot.block || slot.html === '' ? slot.html : `<p style="${SLOT_STYLES[name]}">${slot.html}</p>`;
}

export interface FilledCreditorHtml {
  content: string;
  /** Disclosures that apply to this message but that the sanitized HTML does not show (hidden in a removed element). */
  unplaced: Slot[];
}

/**
 * A creditor's own HTML, sanitized, then filled: values escaped, slots as their HTML. Only the placeholders it was
 * written with are filled: one that the sanitizer's removals joined up ("{{a<img>}}") stays as text.
 */
export function fillCreditorHtml(html: string, r: ResolvedContext): FilledCreditorHtml {
  const sanitized = sanitizeCreditorHtml(html, r.linkDomains);
  const written = new Set(placeholders(html).map((p) => p.name));
  const shown = new Set(
    placeholders(sanitized.visibleText)
      .map((p) => p.name)
      .filter((name) => written.has(name)),
  );
  const content = tokenize(sanitized.html, false)
    .map((t) => {
      if (t.type !== 'placeholder') return t.type === 'literal' ? t.text : '';
      if (!written.has(t.name)) return `{{${t.name}}}`;
      if (isSlot(t.name, r)) {
        const slot = r.slots[t.name];
        return slot.block || slot.html === '' ? slot.html : `<span style="${SLOT_STYLES[t.name]}">${slot.html}</span>`;
      }
      return escapeHtml(value(t.name, r));
    })
    .join('');
  return { content, unplaced: SLOTS.filter((slot) => r.slots[slot].html !== '' && !shown.has(slot)) };
}

export function emailHtml(template: EmailTemplate, r: ResolvedContext): string {
  if (template.html !== undefined) {
    const { content, unplaced } = fillCreditorHtml(template.html, r);
    // The linter refuses HTML that hides a disclosure; should one get here anyway, the message still carries it.
    return [content, ...unplaced.map((slot) => slotParagraph(slot, r))].join('\n');
  }
  const out: string[] = [];
  for (const para of paragraphs(template.text)) {
    const sole = solePlaceholder(para);
    if (sole !== undefined && isSlot(sole, r)) {
      if (r.slots[sole].html !== '') out.push(slotParagraph(sole, r));
      continue;
    }
    const tokens = tokenize(para);
    const [only] = tokens;
    if (tokens.length === 1 && only?.type === 'link') {
      out.push(buttonHtml(only.label, linkUrl(only, r), r.brand.colors));
      continue;
    }
    if (fillText(para, r).trim() === '') continue;
    out.push(`<p style="margin:0 0 16px;">${fillInlineHtml(para, r)}</p>`);
  }
  return out.join('\n');
}
