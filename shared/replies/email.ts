// Reads a raw inbound email (MIME) into what the classifier needs: sender, recipients and the visible reply text.
import PostalMime, { type Address, type Email } from 'postal-mime';
import { PermanentError } from '../errors.ts';
import { visibleText } from './visible-text.ts';

export interface ParsedReply {
  from?: string;
  to: string[];
  subject: string;
  /** The debtor's own words: quoted history and signature removed. */
  text: string;
  /** Sent by a machine (an out-of-office, a list): recorded, but never answered, so that no mail loop can start. */
  automatic: boolean;
}

/** Raw input that is no email at all (no header could be read). */
export class MalformedMailError extends PermanentError {
  constructor(detail: string) {
    super(`Malformed MIME: ${detail}`);
    this.name = 'MalformedMailError';
  }
}

const HEADER_FIELD = /^[!-9;-~]+:/;

export async function parseReplyEmail(raw: Uint8Array | string): Promise<ParsedReply> {
  let mail: Email;
  try {
    // A forwarded message stays an attachment (not the debtor's words); its text is not added to the body.
    mail = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  } catch (error) {
    throw new MalformedMailError((error as Error).name);
  }
  // The parser reads almost anything (a line without a colon as a header named by the whole line); a message without a
  // single RFC 5322 header field (a name of printable characters, then a colon) is not mail.
  if (!mail.headerLines.some((header) => HEADER_FIELD.test(header.line))) throw new MalformedMailError('no headers');
  const from = addresses(mail.from ? [mail.from] : undefined)[0];
  const subject = mail.subject ?? '';
  // An HTML-only mail is read through its DOM, where the quote is still marked: linkedom and planer's DOM rules load
  // then, not at every cold start.
  const visible = mail.text?.trim() ? visibleText(mail.text) : mail.html ? (await import('./html-text.ts')).visibleHtmlText(mail.html) : '';
  return {
    ...(from ? { from } : {}),
    to: addresses(mail.to),
    subject,
    // A mailto: unsubscribe often arrives with the word only in its subject.
    text: subject.trim().toLowerCase() === 'unsubscribe' && !visible ? 'unsubscribe' : visible,
    automatic: isAutomatic(mail.headers),
  };
}

/** RFC 3834 Auto-Submitted, and the older Precedence and X-Autoreply conventions. */
function isAutomatic(headers: Email['headers']): boolean {
  const value = (name: string) => (headers.find((header) => header.key === name)?.value ?? '').trim().toLowerCase();
  const has = (name: string) => headers.some((header) => header.key === name);
  const autoSubmitted = value('auto-submitted');
  return (
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(value('precedence')) ||
    has('x-autoreply') ||
    has('x-autorespond')
  );
}

/** Mailboxes' addresses, lower case; a group's members are its mailboxes. */
function addresses(list: Address[] | undefined): string[] {
  return (list ?? [])
    .flatMap((address) => address.group ?? [address])
    .map((mailbox) => mailbox.address.toLowerCase())
    .filter(Boolean);
}
