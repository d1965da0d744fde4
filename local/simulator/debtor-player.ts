// Who plays the debtors in a simulation: the scripted personas (tests, the demo) or the stochastic debtor model
// (what-ifs). Either one answers each message the platform sends with reactions the simulator plays on the virtual
// clock through the real doors.
import type { Reaction } from './personas.ts';

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
