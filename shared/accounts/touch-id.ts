// Touch ids: one per planned message, deterministic (a retried send reuses it) and free of PII. They carry the
// account id, so a reply to `reply+{touchId}@…` finds its account without a lookup.
import { STAGES, type ContactStage } from './events.ts';

export interface TouchRef {
  accountId: string;
  stage: ContactStage;
  touchNumber: number;
}

const CONTACT_STAGES = STAGES.filter((s): s is ContactStage => s !== 'Handoff');
const TOUCH_ID = /^(acc-[0-9a-f]{24})-([a-z]+)-(\d+)$/;

export function touchIdFor(accountId: string, stage: ContactStage, touchNumber: number): string {
  return `${accountId}-${stage.toLowerCase()}-${touchNumber}`;
}

/** The account, stage and number a touch id names, or undefined for anything that is not a touch id. */
export function parseTouchId(touchId: string): TouchRef | undefined {
  const match = TOUCH_ID.exec(touchId);
  const stage = CONTACT_STAGES.find((s) => s.toLowerCase() === match?.[2]);
  if (!match || !stage) return undefined;
  return { accountId: match[1]!, stage, touchNumber: Number(match[3]) };
}
