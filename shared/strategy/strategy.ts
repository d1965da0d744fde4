// A strategy says how each contact stage paces its touches. Defaults live here, in one place.
import * as z from 'zod';

export const stageCadenceSchema = z.object({
  /** Touches in the stage, the first on entry. */
  maxTouches: z.number().int().min(1).max(20),
  /** Days between touches. */
  cadenceDays: z.number().min(0.5).max(60),
  /** Channels tried in turn; a channel the debtor cannot be reached on is skipped. */
  channels: z.array(z.enum(['email', 'sms'])).min(1),
  /** How long after the last touch the stage waits for an answer before moving on. */
  finalWaitDays: z.number().min(0).max(60),
});

export const strategySchema = z.object({
  SoftReminder: stageCadenceSchema,
  Escalation: stageCadenceSchema,
  ThirdParty: stageCadenceSchema,
  /** Days after a promised date before a promise counts as broken. */
  promiseGraceDays: z.number().min(0).max(30),
  /** How long a dispute holds the account before Plan looks again (it stays held until verified). */
  holdRecheckDays: z.number().min(1).max(90),
});

export type StageCadence = z.infer<typeof stageCadenceSchema>;
export type Strategy = z.infer<typeof strategySchema>;

export const DEFAULT_STRATEGY: Strategy = {
  SoftReminder: { maxTouches: 3, cadenceDays: 4, channels: ['email', 'sms'], finalWaitDays: 4 },
  Escalation: { maxTouches: 3, cadenceDays: 5, channels: ['sms', 'email'], finalWaitDays: 5 },
  ThirdParty: { maxTouches: 3, cadenceDays: 7, channels: ['email', 'sms'], finalWaitDays: 7 },
  promiseGraceDays: 2,
  holdRecheckDays: 60,
};
