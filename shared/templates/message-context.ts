// What a caller asks to render: the kind of message, the channel, who sends it, and the account's values.
import type { Channel } from '../accounts/events.ts';
import type { TemplateKind } from './kinds.ts';
import type { Sender } from './senders.ts';
import type { TemplateOverrides } from './types.ts';
import type { ValidationInfo } from './validation.ts';

export interface MessageContext {
  kind: TemplateKind;
  channel: Channel;
  /** The account's language, raw BCP 47 (`es`, `es-US`, `en`); English when absent or unsupported. */
  locale?: string;
  /** 1-based within the stage. */
  touchNumber: number;
  sender: Sender;
  /** The creditor the debt is owed to (named as the original creditor in third-party messages). */
  creditorName: string;
  debtorFirstName: string;
  balanceMinor: number;
  /** ISO 4217, such as USD. */
  currency: string;
  paymentUrl: string;
  /** `smsText` defaults to the locale's "Reply STOP to opt out."; `emailUrl` is https or `mailto:`. */
  optOut: { smsText?: string; emailUrl: string };
  /**
   * Whether this is the agency's initial communication with the debtor (the full debt-collector statement).
   * Defaults to `kind === 'third-party' && touchNumber === 1`.
   */
  initialCommunication?: boolean;
  /** The Reg F 1006.34 validation information: agency emails only, in the first communication. */
  validation?: ValidationInfo;
  /** The creditor's data marks the debt as out of statute. */
  timeBarred?: boolean;
  /** Required for `plan-reminder` and `plan-missed`: the instalment, and what is owed for it now. */
  plan?: { installmentMinor: number; dueOn: string };
  /** The creditor's own templates (ignored for agency messages). */
  overrides?: TemplateOverrides;
}
