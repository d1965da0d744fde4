// Reads a raw inbound email (MIME) into what the classifier needs: sender, recipients and the visible reply text.
import { simpleParser, type AddressObject } from 'mailparser';
import { PermanentError } from '../errors.ts';
import { visibleHtmlText, visibleText } from './visible-text.ts';

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

export async function parseReplyEmail(raw: Uint8Array | string): Promise<ParsedReply> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    // No text made from HTML here: an HTML-only mail is read through its DOM, where the quote is still marked.
    mail = await simpleParser(typeof raw === 'string' ? raw : Buffer.from(raw), { skipHtmlToText: true });
  } catch (error) {
    throw new MalformedMailError((error as Error).name);
  }
  // mailparser reads almost anything; a message without a single header is not mail.
  if (mail.headers.size === 0) throw new MalformedMailError('no headers');
  const from = mail.from?.value[0]?.address?.toLowerCase();
  const subject = mail.subject ?? '';
  const visible = mail.text?.trim() ? visibleText(mail.text) : typeof mail.html === 'string' ? visibleHtmlText(mail.html) : '';
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
function isAutomatic(headers: Map<string, unknown>): boolean {
  const value = (name: string) =>
    String(headers.get(name) ?? '')
      .trim()
      .toLowerCase();
  const autoSubmitted = value('auto-submitted');
  return (
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(value('precedence')) ||
    headers.has('x-autoreply') ||
    headers.has('x-autorespond')
  );
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? '')).filter(Boolean);
}
