// The debtor's words decide: whatever collector message an email quotes or forwards ("Please pay now at …", "Reply
// STOP to opt out", a promise date in a plan reminder), the intent read is the one of the debtor's own reply. A
// property over every built-in template in every locale, quoted in each style mail clients use, under (or, bottom
// posted, over) every message of the classifier's table, through the email parser as the inbound function runs it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/replies/classify.ts';
import { parseReplyEmail } from '../../shared/replies/email.ts';
import { SENDERS_BY_KIND, TEMPLATE_KINDS } from '../../shared/templates/kinds.ts';
import { LOCALES } from '../../shared/templates/locale.ts';
import { renderMessage } from '../../shared/templates/render.ts';
import { sampleContext } from '../../shared/templates/sample.ts';
import { REPLY_EXAMPLES, email } from '../support/reply-examples.ts';

/** What a collector sent, as the debtor's client quotes it: the email's text and HTML, or a text message. */
interface Quoted {
  text: string;
  html: string;
}

const quote = (text: string, prefix = '> ') =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`.trimEnd())
    .join('\n');
const escapeForHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const HEADER = 'On Tue, Mar 11, 2025 at 9:00 AM Acme Energy <billing@acme.example> wrote:';

/** Each style gives the body of the debtor's email: plain text, or HTML only. */
const QUOTE_STYLES: Record<string, (reply: string, q: Quoted) => { plain: string } | { html: string }> = {
  'gmail >': (reply, q) => ({ plain: `${reply}\n\n${HEADER}\n\n${quote(q.text)}\n` }),
  '> only': (reply, q) => ({ plain: `${reply}\n\n${quote(q.text)}\n` }),
  'outlook block': (reply, q) => ({
    plain: `${reply}\n\n________________________________\nFrom: Acme Energy <billing@acme.example>\nSent: Tuesday, March 11, 2025 9:00 AM\nTo: Dana Debtor <dana@example.net>\nSubject: Your account\n\n${q.text}\n`,
  }),
  'outlook bold': (reply, q) => ({
    plain: `${reply}\n\n*From:* Acme Energy <billing@acme.example>\n*Sent:* Tuesday, March 11, 2025 9:00 AM\n*To:* Dana Debtor\n*Subject:* Your account\n\n${q.text}\n`,
  }),
  german: (reply, q) => ({
    plain: `${reply}\n\nAm Di., 11. März 2025 um 09:00 Uhr schrieb Acme Energy <billing@acme.example>:\n\n${quote(q.text)}\n`,
  }),
  french: (reply, q) => ({
    plain: `${reply}\n\nLe mar. 11 mars 2025 à 09:00, Acme Energy <billing@acme.example> a écrit :\n\n${quote(q.text)}\n`,
  }),
  spanish: (reply, q) => ({
    plain: `${reply}\n\nEl mar, 11 mar 2025 a las 9:00, Acme Energy (<billing@acme.example>) escribió:\n\n${quote(q.text)}\n`,
  }),
  'original message': (reply, q) => ({
    plain: `${reply}\n\n-----Original Message-----\nFrom: Acme Energy [mailto:billing@acme.example]\n\n${q.text}\n`,
  }),
  forwarded: (reply, q) => ({
    plain: `${reply}\n\n---------- Forwarded message ---------\nFrom: Acme Energy <billing@acme.example>\nDate: Tue, Mar 11, 2025 at 9:00 AM\nSubject: Your account\n\n${q.text}\n`,
  }),
  'iphone signature': (reply, q) => ({
    plain: `${reply}\n\nSent from my iPhone\n\nOn Mar 11, 2025, at 9:00 AM, Acme Energy <billing@acme.example> wrote:\n\n${quote(q.text)}\n`,
  }),
  'bottom posted': (reply, q) => ({ plain: `On 3/11/25 9:00 AM, Acme Energy wrote:\n${quote(q.text)}\n\n${reply}\n` }),
  'html gmail': (reply, q) => ({
    html: `<div dir="ltr">${escapeForHtml(reply).replace(/\n/g, '<br>')}</div><br><div class="gmail_quote"><div class="gmail_attr">${escapeForHtml(HEADER)}<br></div><blockquote class="gmail_quote">${q.html}</blockquote></div>`,
  }),
  'html apple': (reply, q) => ({
    html: `<html><body><div>${escapeForHtml(reply).replace(/\n/g, '<br>')}</div><div><br><blockquote type="cite"><div>${escapeForHtml(HEADER)}</div><br>${q.html}</blockquote></div></body></html>`,
  }),
};

function mime(body: { plain: string } | { html: string }): string {
  const [type, content] = 'plain' in body ? ['text/plain', body.plain] : ['text/html', body.html];
  return [
    'From: Dana Debtor <dana@example.net>',
    'To: reply+t1@reply.acme.example',
    'Subject: Re: Your account',
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(content, 'utf8').toString('base64'),
  ].join('\r\n');
}

/** Every built-in template, in every locale, by every channel and sender it has, rendered with the sample data. */
const SENT: readonly { label: string; quoted: Quoted }[] = TEMPLATE_KINDS.flatMap((kind) =>
  LOCALES.flatMap((locale) =>
    SENDERS_BY_KIND[kind].flatMap((sender) =>
      (['email', 'sms'] as const).map((channel) => {
        const message = renderMessage(sampleContext({ kind, locale, channel, sender }));
        // A client quotes what the message's <body> holds.
        const html =
          message.channel === 'email'
            ? (/<body[^>]*>([\s\S]*)<\/body>/.exec(message.html)?.[1] ?? message.html)
            : escapeForHtml(message.body);
        const quoted = { text: message.channel === 'email' ? message.text : message.body, html };
        return { label: `${message.template} (${sender})`, quoted };
      }),
    ),
  ),
);

describe("a quoted collector message never changes a reply's intent", () => {
  it('covers every template and every quote style', () => {
    expect(new Set(SENT.map((s) => s.label.split('.')[0]))).toEqual(new Set(TEMPLATE_KINDS));
    expect(Object.keys(QUOTE_STYLES).length).toBeGreaterThanOrEqual(13);
  });

  it('reads the intent of the reply alone, whatever is quoted and however (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REPLY_EXAMPLES.map(([text]) => text)),
        fc.constantFrom(...SENT),
        fc.constantFrom(...Object.keys(QUOTE_STYLES)),
        async (reply, sent, style) => {
          const own = classifyReply(reply, email);
          const { text } = await parseReplyEmail(mime(QUOTE_STYLES[style]!(reply, sent.quoted)));
          expect(classifyReply(text, email), `${style} quoting ${sent.label}; read "${text}"`).toEqual(own);
        },
      ),
      { numRuns: 300 },
    );
  });
});
