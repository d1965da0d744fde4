// Reading a raw reply (MIME) into sender, recipients, visible text and the automatic flag: the cases a parser swap or
// an upgrade could change (charsets, encoded words, groups, forwarded messages, what is not mail at all).
import { describe, expect, it } from 'vitest';
import { MalformedMailError, parseReplyEmail } from '../../shared/replies/email.ts';

const mail = (headers: Record<string, string>, body: string): string =>
  `${Object.entries({ From: 'Dana Debtor <Dana@Example.com>', To: 'r+tok@replies.example.com', Subject: 'Re: your account', ...headers })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n${body}`;

describe('parseReplyEmail', () => {
  it('reads the sender and every recipient in lower case, a group’s members included', async () => {
    const parsed = await parseReplyEmail(mail({ To: 'Billing: A@Example.com, b@example.com;, "C" <c@example.com>' }, 'ok'));
    expect(parsed.from).toBe('dana@example.com');
    expect(parsed.to).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(parsed.text).toBe('ok');
    expect(parsed.automatic).toBe(false);
  });

  it('decodes a quoted-printable ISO-8859-1 body and an encoded-word subject', async () => {
    const raw = mail(
      {
        Subject: '=?ISO-8859-1?Q?Re=3A_pr=E9stamo?=',
        'Content-Type': 'text/plain; charset=ISO-8859-1',
        'Content-Transfer-Encoding': 'quoted-printable',
      },
      'Pagar=E9 el viernes.',
    );
    const parsed = await parseReplyEmail(Buffer.from(raw, 'latin1'));
    expect(parsed.subject).toBe('Re: préstamo');
    expect(parsed.text).toBe('Pagaré el viernes.');
  });

  it('reads an HTML-only body in windows-1252 through its DOM, without the quote', async () => {
    const html = '<div>I can\x92t pay until Friday.</div><blockquote>Your balance is $120.</blockquote>';
    const raw = mail({ 'Content-Type': 'text/html; charset=windows-1252', 'Content-Transfer-Encoding': '8bit' }, html);
    expect((await parseReplyEmail(Buffer.from(raw, 'latin1'))).text).toBe('I can’t pay until Friday.');
  });

  it('keeps a forwarded message (message/rfc822) out of the text', async () => {
    const raw = mail(
      { 'Content-Type': 'multipart/mixed; boundary="b"' },
      [
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See below.',
        '--b',
        'Content-Type: message/rfc822',
        '',
        'From: someone@example.org',
        'Subject: old',
        '',
        'Forwarded words.',
        '--b--',
        '',
      ].join('\r\n'),
    );
    expect((await parseReplyEmail(raw)).text).toBe('See below.');
  });

  it('takes the word unsubscribe from the subject when the body is empty', async () => {
    expect((await parseReplyEmail(mail({ Subject: 'Unsubscribe' }, ''))).text).toBe('unsubscribe');
  });

  it.each([
    [{ 'Auto-Submitted': 'auto-replied (vacation)' }, true],
    [{ 'Auto-Submitted': 'no' }, false],
    [{ Precedence: 'bulk' }, true],
    [{ Precedence: 'first-class' }, false],
    [{ 'X-Autoreply': 'yes' }, true],
    [{ 'X-Autorespond': 'yes' }, true],
  ])('flags machine mail by its headers: %o → %s', async (headers, automatic) => {
    expect((await parseReplyEmail(mail(headers, 'Out of office.'))).automatic).toBe(automatic);
  });

  it('refuses input without a single header field', async () => {
    await expect(parseReplyEmail('\u0000\u0001 this is not mail')).rejects.toThrow(MalformedMailError);
    await expect(parseReplyEmail('')).rejects.toThrow(MalformedMailError);
  });
});
