// The creditor profile: brand, strategy and policy. Validated at the boundary; defaults fill what it leaves out.
import { z } from 'zod';
import { DEFAULT_STRATEGY, strategySchema } from '../strategy/strategy.ts';

const decimalAmount = z.string().regex(/^\d+(\.\d{1,2})?$/, 'a decimal amount such as "250.00"');

export const creditorProfileSchema = z.object({
  creditorId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes'),
  brand: z.object({
    name: z.string().min(1),
    senderName: z.string().min(1),
    senderEmail: z.email(),
    supportPhone: z.string().min(1).optional(),
    paymentUrl: z.url(),
    signOff: z.string().min(1),
  }),
  /** E.164 number or sender id the creditor's SMS go out from; also routes inbound replies. */
  smsOriginationNumber: z.string().regex(/^\+[1-9]\d{6,14}$/).optional(),
  strategy: strategySchema.default(DEFAULT_STRATEGY),
  policy: z
    .object({
      handoff: z
        .object({
          /** Accounts with a balance below this go to the third-party stage without asking. */
          autoApproveBelow: decimalAmount.optional(),
          approvalTimeoutDays: z.number().min(1).max(30).default(7),
          /** What happens when the creditor does not answer in time. */
          onTimeout: z.enum(['decline']).default('decline'),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type CreditorProfile = z.infer<typeof creditorProfileSchema>;
export type CreditorProfileInput = z.input<typeof creditorProfileSchema>;

export function parseCreditorProfile(input: unknown): CreditorProfile {
  return creditorProfileSchema.parse(input);
}
