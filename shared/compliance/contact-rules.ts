// The fixed contact rules, the same for every debtor and creditor: the Reg F contact window, the wait after a
// conversation, and the flags that stop contact for good.

/** 08:00–21:00 local (Reg F 1006.6(b)(1)(i)); the end is exclusive. */
export const CONTACT_WINDOW = { startMinute: 8 * 60, endMinute: 21 * 60 } as const;

/** A conversation blocks its own local day and the six after it ("the conversation day is day 1"). */
export const CONVERSATION_WAIT_DAYS = 7;

/** The request flags that stop contact for good, each with the code of its `hard-stop:` reason. */
export const HARD_STOPS = [
  ['ceased', 'cease'],
  ['disputed', 'dispute'],
  ['reviewHold', 'review-hold'],
  ['bankrupt', 'bankrupt'],
  ['deceased', 'deceased'],
  ['attorney', 'attorney'],
  ['recalled', 'recalled'],
] as const;
