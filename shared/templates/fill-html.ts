// Filling a template as the email's HTML content (the layout in layout.ts goes around it). From the text part, each
// paragraph becomes a <p>, a paragraph that is only a link a button, a slot its own styled block; a creditor's own HTML
// takes placeholders only. Literal text and values are escaped; URL values become links.
import { URL_VALUES, type Slot } from './kinds.ts';
import { MUTED, buttonHtml, escapeHtml, linkHtml } from './layout.ts';
import { fillText, isSlot, linkUrl, value } from './fill-text.ts';
import type { ResolvedContext } from './resolve-context.ts';
import { paragraphs, solePlaceholder, tokenize } from './syntax.ts';
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

export function emailHtml(template: EmailTemplate, r: ResolvedContext): string {
  if (template.html !== undefined) {
    // A creditor's own HTML: placeholders only; values escaped, slots as their HTML.
    return tokenize(template.html, false)
      .map((t) => {
        if (t.type !== 'placeholder') return t.type === 'literal' ? t.text : '';
        if (isSlot(t.name, r)) {
          const slot = r.slots[t.name];
          return slot.block || slot.html === '' ? slot.html : `<span style="${SLOT_STYLES[t.name]}">${slot.html}</span>`;
        }
        return escapeHtml(value(t.name, r));
      })
      .join('');
  }
  const out: string[] = [];
  for (const para of paragraphs(template.text)) {
    const sole = solePlaceholder(para);
    if (sole !== undefined && isSlot(sole, r)) {
      const slot = r.slots[sole];
      if (slot.html === '') continue;
      out.push(slot.block ? slot.html : `<p style="${SLOT_STYLES[sole]}">${slot.html}</p>`);
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
