// Offline stand-ins behind the FileStore, EmailSender and SmsSender ports: S3 in memory, and outboxes that keep
// every message the platform sends and let the simulator's debtors read them.
import type { EmailMessage, EmailSender, FileStore, SmsMessage, SmsSender } from '../shared/ports.ts';
import { SeededIds } from './seeded-ids.ts';

type Listener<T> = (item: T) => void;

export class MemoryFileStore implements FileStore {
  private readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  private readonly listeners: Array<Listener<{ key: string; size: number }>> = [];

  onPut(listener: Listener<{ key: string; size: number }>): void {
    this.listeners.push(listener);
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const object = this.objects.get(key);
    if (!object) throw Object.assign(new Error(`NoSuchKey: ${key}`), { name: 'NoSuchKey' });
    return object.body;
  }

  async *streamBytes(key: string): AsyncIterable<Uint8Array> {
    yield await this.getBytes(key);
  }

  async getText(key: string): Promise<string> {
    return new TextDecoder('utf-8', { fatal: true }).decode(await this.getBytes(key));
  }

  async putText(key: string, body: string, contentType: string): Promise<void> {
    await this.putBytes(key, new TextEncoder().encode(body), contentType);
  }

  async putBytes(key: string, body: Uint8Array, contentType: string): Promise<void> {
    this.objects.set(key, { body, contentType });
    for (const listener of this.listeners) listener({ key, size: body.byteLength });
  }

  delete(key: string): boolean {
    return this.objects.delete(key);
  }

  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

/**
 * Keeps every message a sender port was given, in order, and tells listeners (the simulated debtors). Each message's
 * id comes from the seed and its touch, so a debtor's reply, which quotes it, reads the same in every run.
 */
class Outbox<M extends { touchId: string }, Sent extends M & { messageId: string; at: string }> {
  readonly sent: Sent[] = [];
  private readonly listeners: Array<Listener<Sent>> = [];
  private readonly channel: string;
  private readonly ids: SeededIds;

  constructor(channel: string, ids: SeededIds) {
    this.channel = channel;
    this.ids = ids;
  }

  onSend(listener: Listener<Sent>): void {
    this.listeners.push(listener);
  }

  /** Keeps the message and tells the listeners; `afterRead` gives what stays kept once they have read it. */
  protected keep(message: M, afterRead?: (sent: Sent) => Sent): { messageId: string } {
    const messageId = this.ids.next(`${this.channel}:${message.touchId}`);
    const sent = { ...message, messageId, at: new Date().toISOString() } as Sent;
    const index = this.sent.push(sent) - 1;
    for (const listener of this.listeners) listener(sent);
    if (afterRead) this.sent[index] = afterRead(sent);
    return { messageId: sent.messageId };
  }
}

export type SentEmail = EmailMessage & { messageId: string; at: string };
export type SentSms = SmsMessage & { messageId: string; at: string };

/**
 * Email offline: each message goes through the real sender adapter when one is given (the SES v2 adapter against the
 * embedded SES endpoint, whose web inbox shows it), and is kept here for the simulated debtors and the tests. The
 * endpoint's own message id is random, so the outbox's id is the one the run goes on with.
 */
export class LocalEmailOutbox extends Outbox<EmailMessage, SentEmail> implements EmailSender {
  private readonly delivery: EmailSender | undefined;

  private readonly keepBodies: boolean;

  /** Without `keepBodies` (big simulations) an email's HTML and text go once its listeners have read them. */
  constructor(delivery?: EmailSender, ids = new SeededIds(0), keepBodies = true) {
    super('email', ids);
    this.delivery = delivery;
    this.keepBodies = keepBodies;
  }

  async sendEmail(message: EmailMessage): Promise<{ messageId: string }> {
    await this.delivery?.sendEmail(message);
    return this.keep(message, this.keepBodies ? undefined : (sent) => ({ ...sent, html: '', text: '' }));
  }
}

export class LocalSmsOutbox extends Outbox<SmsMessage, SentSms> implements SmsSender {
  constructor(ids = new SeededIds(0)) {
    super('sms', ids);
  }

  async sendSms(message: SmsMessage): Promise<{ messageId: string }> {
    return this.keep(message);
  }
}
