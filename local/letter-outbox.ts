// The offline print-and-mail service behind the LetterSender port: it keeps every letter (its rendered HTML included)
// for the demo's outbox and the tests, mails each letter id once, as Lob's idempotency key does, and expects delivery
// five business days after the day it was mailed (the assumed receipt of Reg F 1006.34(b)(5)).
import { validationPeriod } from '../shared/compliance/validation-notice.ts';
import type { LetterMessage, LetterSender, MailedLetter } from '../shared/ports.ts';
import { SeededIds } from './seeded-ids.ts';

export type SentLetter = LetterMessage & MailedLetter & { at: string; expectedDeliveryDate: string };

export class LocalLetterOutbox implements LetterSender {
  readonly sent: SentLetter[] = [];
  private readonly ids: SeededIds;
  private readonly clock: () => Date;

  /** `clock`: the time of mailing (the platform's virtual clock fakes Date itself). */
  constructor(ids = new SeededIds(0), clock: () => Date = () => new Date()) {
    this.ids = ids;
    this.clock = clock;
  }

  async sendLetter(letter: LetterMessage): Promise<MailedLetter> {
    const earlier = this.sent.find((l) => l.letterId === letter.letterId);
    if (earlier) return { providerId: earlier.providerId, expectedDeliveryDate: earlier.expectedDeliveryDate };
    const now = this.clock();
    const sent: SentLetter = {
      ...letter,
      providerId: `ltr_${this.ids.next(`letter:${letter.letterId}`)}`,
      at: now.toISOString(),
      expectedDeliveryDate: validationPeriod(now).assumedReceiptDate,
    };
    this.sent.push(sent);
    return { providerId: sent.providerId, expectedDeliveryDate: sent.expectedDeliveryDate };
  }
}
