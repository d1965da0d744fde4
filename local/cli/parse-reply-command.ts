// `tactful parse-reply`: how Tactful reads one debtor message (an SMS text, or a raw MIME email) on stdin.
import PostalMime from 'postal-mime';
import { classifyReply } from '../../shared/replies/classify.ts';
import { parseReplyEmail } from '../../shared/replies/email.ts';

export interface ParseReplyOptions {
  channel: string;
  /**
   * When the message arrived (ISO): promise dates such as "friday" are read relative to it. Default: an email's Date:
   * header, else now.
   */
  at?: string;
  /** The debtor's time zone, for those dates. */
  tz: string;
}

export async function runParseReply(
  options: ParseReplyOptions,
  input: NodeJS.ReadableStream,
  write: (line: string) => void,
): Promise<number> {
  if (options.channel !== 'sms' && options.channel !== 'email') throw new Error(`--channel must be sms or email; got "${options.channel}"`);
  const at = options.at === undefined ? undefined : new Date(options.at);
  if (at && Number.isNaN(at.getTime())) throw new Error(`--at must be an ISO time; got "${options.at}"`);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Uint8Array));
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) throw new Error('nothing on stdin: pipe in an SMS text or a raw email');
  const text = options.channel === 'email' ? (await parseReplyEmail(raw)).text : raw.toString('utf8').trim();
  // A mail says when it was written: "friday" in last month's mail is last month's Friday, not the next one.
  const receivedAt = at ?? (options.channel === 'email' ? await sentAt(raw) : undefined) ?? new Date();
  const { intent, also, promiseDate, csat } = classifyReply(text, { channel: options.channel, receivedAt, timeZone: options.tz });
  write(
    JSON.stringify({
      intent,
      ...(also ? { also } : {}),
      text,
      ...(promiseDate ? { promiseDate } : {}),
      ...(csat !== undefined ? { csat } : {}),
    }),
  );
  return 0;
}

/** The mail's Date: header, if it has a valid one. */
async function sentAt(raw: Buffer): Promise<Date | undefined> {
  const { date } = await PostalMime.parse(raw);
  const sent = date === undefined ? undefined : new Date(date);
  return sent && !Number.isNaN(sent.getTime()) ? sent : undefined;
}
