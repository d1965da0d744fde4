// Who plays the debtors in a simulation: the scripted personas (tests, the demo) or the stochastic debtor model
// (what-ifs). Either one answers each message the platform sends with reactions the simulator plays on the virtual
// clock through the real doors.
import type { DisputeReason } from '../../shared/accounts/events.ts';

export interface Reaction {
  /** Minutes after the message arrives. */
  afterMinutes: number;
  reply?: { text: string; channel: 'same' | 'sms' | 'email' };
  /**
   * The creditor reports a payment: of the whole balance, of half of it, of the whole on the promised date, or of
   * what the payment plan's next instalment asks for.
   */
  pay?: 'now' | 'half' | 'on-promised-date' | 'instalment';
  /** The creditor answers the debtor's dispute. */
  creditor?: 'dispute-verified' | 'dispute-withdrawn';
  /** The debtor opens the link in the message and acts on the page (local/simulator/page-visitor.ts). */
  page?: PageVisit;
}

/**
 * What a debtor does on the page: pay (half the balance, all of it, or the plan's next instalment) through the
 * checkout, pick a plan the page offers, dispute with a reason and a note, or say when not to be contacted.
 */
export type PageVisit =
  | { action: 'pay'; share: 'half' | 'all' | 'instalment' }
  | { action: 'plan'; option: 'standard' | 'hardship' }
  | { action: 'dispute'; reason: DisputeReason; note: string }
  | { action: 'contact-times'; days: number[]; from: string; to: string };

/** A message as its debtor reads it. */
export interface ReceivedMessage {
  accountId: string;
  accountRef: string;
  channel: 'email' | 'sms';
  touchId: string;
  /** The template kind: soft-reminder, escalation, plan-reminder, … */
  kind: string;
  stage: string;
  at: Date;
}

export interface DebtorPlayer {
  /** What the debtor does about a message (survey and thank-you notes aside). */
  react(message: ReceivedMessage): Reaction[];
  /** The debtor's answer to the one-question satisfaction survey (1–5), or undefined for none. */
  surveyScore(message: ReceivedMessage): string | undefined;
  /** How the reports name the account's debtor: its persona, or its segment of the model. */
  label(accountRef: string): string;
}
