// The validation notice (validation.ts says what it says) laid out for the email: plain text for the text part, and
// a boxed HTML block, its tables and links, for the HTML part. Every value is escaped here.
import { escapeHtml, type LayoutBrand } from './layout.ts';
import type { Notice } from './validation.ts';

export function noticeText(notice: Notice): string {
  const out: string[] = [`${notice.title}\n${'='.repeat(notice.title.length)}`];
  for (const section of notice.sections) {
    const lines: string[] = [];
    if (section.heading) lines.push(section.heading);
    for (const block of section.blocks) {
      if (block.type === 'para') lines.push(block.text);
      else if (block.type === 'bullets') lines.push(...block.items.map((i) => `- ${i}`));
      else lines.push(...block.rows.map((r) => `${r.indent ? '  ' : ''}${r.label} ${r.value}`));
    }
    out.push(lines.join('\n'));
  }
  return out.join('\n\n');
}

/** Escaped text with its web addresses made links (the notice names the dispute page and the CFPB's). */
function linkified(text: string, color: string): string {
  return escapeHtml(text).replace(/\b(https?:\/\/|www\.)[^\s<]*[^\s<.,;:)]/g, (url) => {
    const href = url.startsWith('www.') ? `https://${url}` : url;
    return `<a href="${href}" style="color:${color};">${url}</a>`;
  });
}

export function noticeHtml(notice: Notice, colors: LayoutBrand['colors']): string {
  const parts: string[] = [
    `<div lang="${notice.lang}" style="margin:24px 0;padding:16px 20px;border:1px solid #cbd2d9;border-radius:6px;background:#ffffff;font-size:15px;">`,
    `<p style="margin:0 0 12px;font-size:18px;font-weight:bold;color:${colors.text};">${escapeHtml(notice.title)}</p>`,
  ];
  for (const section of notice.sections) {
    if (section.heading) parts.push(`<p style="margin:16px 0 8px;font-weight:bold;">${escapeHtml(section.heading)}</p>`);
    for (const block of section.blocks) {
      if (block.type === 'para') {
        const text = linkified(block.text, colors.primary);
        parts.push(`<p style="margin:0 0 8px;">${block.strong ? `<strong>${text}</strong>` : text}</p>`);
      } else if (block.type === 'bullets') {
        parts.push(
          `<ul style="margin:0 0 8px;padding-left:20px;">${block.items.map((i) => `<li style="margin:0 0 6px;">${linkified(i, colors.primary)}</li>`).join('')}</ul>`,
        );
      } else {
        const rows = block.rows
          .map((r) => {
            const weight = r.total ? 'font-weight:bold;border-top:2px solid #1f2933;' : '';
            const indent = r.indent ? 'padding-left:16px;' : '';
            return `<tr><td style="padding:4px 12px 4px 0;${indent}${weight}">${escapeHtml(r.label)}</td><td style="padding:4px 0;text-align:right;white-space:nowrap;${weight}">${escapeHtml(r.value)}</td></tr>`;
          })
          .join('');
        parts.push(`<table role="presentation" style="border-collapse:collapse;margin:0 0 8px;width:100%;">${rows}</table>`);
      }
    }
  }
  parts.push('</div>');
  return parts.join('\n');
}
