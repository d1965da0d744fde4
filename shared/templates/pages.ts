// The small pages behind the one-click unsubscribe link. Plain, calm, and clear about what happens next.
import { escapeHtml } from './layout.ts';

export type UnsubscribePage = 'confirm' | 'done' | 'invalid';

const COPY: Record<UnsubscribePage, { title: string; body: string }> = {
  confirm: {
    title: 'Stop these emails?',
    body: 'You will not get more emails about this account. We may still reach you another way you have not opted out of.',
  },
  done: {
    title: 'You are unsubscribed',
    body: 'You will not get more emails about this account. If this was a mistake, reply START to any of our emails.',
  },
  invalid: {
    title: 'This link does not work',
    body: 'It may have been copied incompletely. Please use the link in the email itself, or reply STOP to it.',
  },
};

export function unsubscribePage(page: UnsubscribePage, formAction?: string): string {
  const { title, body } = COPY[page];
  const form =
    page === 'confirm' && formAction
      ? `<form method="post" action="${escapeHtml(formAction)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`
      : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${form}</body></html>`;
}
