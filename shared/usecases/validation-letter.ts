// The validation notice's figures, and the notice by letter for a debtor the agency cannot email. Send calls both.
//
// Reg F lets the notice go in the initial communication or within five days after it (1006.34(a)(1)); we mail it
// before the agency's first text, so no text ever goes without it. The period runs until 30 days after receipt, which
// 1006.34(b)(5) lets us assume five business days after mailing: the letter prints that end, computed before it goes.
import type { AccountRecord } from '../accounts/account.ts';
import type { AccountEvent, EventDraft } from '../accounts/events.ts';
import type { AccountState } from '../accounts/fold.ts';
import { validationPeriod } from '../compliance/validation-notice.ts';
import { defaultItemization } from '../placements/itemization.ts';
import type { LetterSender } from '../ports.ts';
import { renderValidationLetter } from '../templates/letter.ts';
import type { ValidationInfo } from '../templates/validation.ts';

/** Why a text that must follow the letter cannot go now. */
export const LETTER_OUTCOME_UNKNOWN = 'validation-notice:letter-outcome-unknown';
export const ITEMIZATION_DOES_NOT_ADD_UP = 'validation-notice:itemization-does-not-add-up';

type Figures = Omit<ValidationInfo, 'validationEndsOn' | 'disputeUrl' | 'disputeAddress'>;

/**
 * The itemization as of now: the placement's (or its default), with what happened since the placement added: the
 * creditor's upward corrections as fees, its downward ones as credits, and the payments received.
 */
export function validationFigures(record: AccountRecord, state: AccountState, events: readonly AccountEvent[]): Figures {
  const placed = record.itemization ?? defaultItemization(record);
  let raised = 0;
  let lowered = 0;
  for (const e of events) {
    if (e.type !== 'balance-adjusted') continue;
    if (e.amountMinor > 0) raised += e.amountMinor;
    else lowered -= e.amountMinor;
  }
  return {
    itemizationDate: placed.date,
    amountOnItemizationMinor: placed.amountMinor,
    interestMinor: placed.interestMinor,
    feesMinor: placed.feesMinor + raised,
    paymentsMinor: placed.paymentsMinor + state.collectedMinor,
    creditsMinor: lowered,
    // An overpaid account owes nothing; its figures then do not add up, and no notice goes.
    currentMinor: Math.max(0, state.balanceMinor),
    ...(placed.accountNumberLast4 ? { accountNumber: `****${placed.accountNumberLast4}` } : {}),
  };
}

export interface LetterDeps {
  letters: LetterSender;
  agency: { name: string; email: string; address: string };
}

export interface LetterInputs {
  record: AccountRecord;
  state: AccountState;
  events: readonly AccountEvent[];
  creditorName: string;
  figures: Figures;
  now: Date;
  /** Records one of Send's own events (keeps its view of the account's version). */
  recordOwn: (draft: EventDraft) => Promise<'recorded' | 'duplicate'>;
}

/** One validation letter per account: its id is the provider's idempotency key. */
export function validationLetterId(accountId: string): string {
  return `${accountId}:validation-notice`;
}

/**
 * Mails the notice: claims the letter, calls the print-and-mail service, records it mailed. 'claimed-elsewhere' when
 * another attempt holds the claim. A failed call releases the claim and throws (the retry uses the same idempotency
 * key, so it mails at most one letter); a crash between claim and record leaves the claim, and no letter is retried.
 */
export async function mailValidationLetter(deps: LetterDeps, m: LetterInputs): Promise<'mailed' | 'claimed-elsewhere'> {
  const { record, now } = m;
  const letterId = validationLetterId(record.accountId);
  const attempt = m.events.filter((e) => e.type === 'validation-letter-mailing').length + 1;
  const claim = await m.recordOwn({ type: 'validation-letter-mailing', letterId, attempt, key: `validation-letter:mailing:${attempt}` });
  if (claim === 'duplicate') return 'claimed-elsewhere';
  const period = validationPeriod(now, record.timeZones);
  const letter = renderValidationLetter({
    ...(record.debtor.language ? { locale: record.debtor.language } : {}),
    agency: deps.agency,
    creditorName: m.creditorName,
    debtorName: record.debtor.name,
    debtorAddress: record.debtor.address ?? {},
    currency: record.currency,
    mailedOn: now.toISOString().slice(0, 10),
    validation: { ...m.figures, validationEndsOn: period.validationEndsOn },
  });
  let mailed: Awaited<ReturnType<LetterSender['sendLetter']>>;
  try {
    mailed = await deps.letters.sendLetter({
      letterId,
      to: { name: record.debtor.name, address: record.debtor.address ?? {} },
      html: letter.html,
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    await m.recordOwn({ type: 'validation-letter-failed', letterId, attempt, error: name, key: `validation-letter:failed:${attempt}` });
    throw error;
  }
  // Expected: the later of the provider's estimate and the assumed receipt. The printed end rests on the assumed
  // receipt, which the safe harbour allows whatever the post does.
  const expected = [mailed.expectedDeliveryDate, period.assumedReceiptDate].filter((d) => d !== undefined).sort();
  await m.recordOwn({
    type: 'validation-letter-mailed',
    letterId,
    providerId: mailed.providerId,
    expectedDeliveryDate: expected.at(-1)!,
    validationEndsOn: period.validationEndsOn,
    key: 'validation-letter:mailed',
  });
  return 'mailed';
}
