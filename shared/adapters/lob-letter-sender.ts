// LetterSender on Lob's print-and-mail API (@lob/lob-typescript-sdk, LettersApi.create). The letter id is Lob's
// idempotency key, so a retried Send of the same letter mails nothing new.
import { Configuration, LetterEditable, LettersApi, LtrUseType, type CountryExtended, type Letter } from '@lob/lob-typescript-sdk';
import { TransientError } from '../errors.ts';
import { LetterRefusedError, type LetterMessage, type LetterSender, type MailedLetter } from '../ports.ts';

/** The part of Lob's LettersApi this adapter uses (tests pass a mock). */
export interface LobLetters {
  create(letter: LetterEditable, idempotencyKey?: string): Promise<Letter>;
}

/** Lob's client for an API key (the key is read once, when the first letter goes). */
export function lobLetters(apiKey: string): LobLetters {
  return new LettersApi(new Configuration({ username: apiKey }));
}

export class LobLetterSender implements LetterSender {
  private readonly letters: () => Promise<LobLetters>;
  private readonly from: string;

  /** `from`: the id (adr_…) of the agency's return address, saved in Lob. */
  constructor(letters: () => Promise<LobLetters>, from: string) {
    this.letters = letters;
    this.from = from;
  }

  async sendLetter(letter: LetterMessage): Promise<MailedLetter> {
    const { address } = letter.to;
    const request = new LetterEditable({
      description: 'Validation notice',
      to: {
        name: letter.to.name,
        address_line1: address.line1,
        address_city: address.city,
        address_state: address.state,
        address_zip: address.zip,
        address_country: (address.country ?? 'US') as CountryExtended,
      },
      from: this.from,
      file: letter.html,
      color: false,
      // A validation notice is a required disclosure, not marketing.
      use_type: LtrUseType.Operational,
      metadata: { letterId: letter.letterId.slice(0, 500) },
    });
    let mailed: Letter;
    try {
      mailed = await (await this.letters()).create(request, letter.letterId);
    } catch (error) {
      throw classify(error);
    }
    if (!mailed.id) throw new Error('Lob accepted the letter without an id');
    return { providerId: mailed.id, ...(mailed.expected_delivery_date ? { expectedDeliveryDate: mailed.expected_delivery_date } : {}) };
  }
}

/**
 * Lob's answer by HTTP status: throttled or failing (429, 5xx) or lost on the way may pass on a retry, which the
 * idempotency key makes safe; any other refusal will not. Lob's message may quote the address, so it stays out.
 */
function classify(error: unknown): Error {
  const status = (error as { response?: { status?: number } }).response?.status;
  if (status === undefined || status === 429 || status >= 500) {
    return new TransientError(`Lob did not take the letter${status === undefined ? '' : ` (HTTP ${status})`}`, { cause: error });
  }
  return new LetterRefusedError(`Lob answered HTTP ${status}`);
}
