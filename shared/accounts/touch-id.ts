// Touch ids: one per planned message, deterministic (a retried send reuses it) and free of PII. They carry the
// account id, so a reply to `reply+{touchId}@…` finds its account without a lookup.
import { STAGES, type ContactStage } from './events.ts';

export interface TouchRef {
  accountId: string;
  stage: ContactStage;
  /** The touch's place in the stage's cadence; for a payment-plan message, the instalment's number. */
  touchNumber: number;
  /** Set for a payment-plan message: the instalment it is about, and whether that instalment was missed. */
  instalment?: { number: number; missed: boolean };
}

const CONTACT_STAGES = STAGES.filter((s): s is ContactStage => s !== 'Handoff');
const TOUCH_ID = /^(acc-[0-9a-f]{24})-([a-z]+)-(?:(\d+)|plan(\d+)(-missed)?)$/;

export function touchIdFor(accountId: string, stage: ContactStage, touchNumber: number): string {
  return `${accountId}-${stage.toLowerCase()}-${touchNumber}`;
}

/** A payment-plan message: the reminder before an instalment falls due, or the note after it was missed. */
export function planTouchIdFor(accountId: string, stage: ContactStage, instalment: number, missed: boolean): string {
  return `${accountId}-${stage.toLowerCase()}-plan${instalment}${missed ? '-missed' : ''}`;
}

/** The account, stage and number a touch id names, or undefined for anything that is not a touch id. */
export function parseTouchId(touchId: string): TouchRef | undefined {
  const match = TOUCH_ID.exec(touchId);
  const stage = CONTACT_STAGES.find((s) => s.toLowerCase() === match?.[2]);
  if (!match || !stage) return undefined;
  if (match[4] !== undefined) {
    const number = Number(match[4]);
    return { accountId: match[1]!, stage, touchNumber: number, instalment: { number, missed: match[5] !== undefined } };
  }
  return { accountId: match[1]!, stage, touchNumber: Number(match[3]) };
}

/** What every message is tagged with (SES message tags, the SMS Context map): ids only, never contact details. */
export const MESSAGE_TAGS = { accountId: 'accountId', touchId: 'touchId' } as const;

/** The account a message belongs to: every message id Tactful makes (touch or answer) starts with it. */
export function accountIdOfMessage(touchId: string): string | undefined {
  return /^acc-[0-9a-f]{24}(?![0-9a-f])/.exec(touchId)?.[0];
}

/** The tags (SES) or Context entries (SMS) a message carries, for its delivery events to find the account and touch. */
export function messageTags(touchId: string): Record<string, string> {
  const accountId = accountIdOfMessage(touchId);
  return { [MESSAGE_TAGS.touchId]: touchId, ...(accountId ? { [MESSAGE_TAGS.accountId]: accountId } : {}) };
}
