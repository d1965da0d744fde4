// The contact decision: may Tactful contact this debtor on this channel at this instant, why not, and from when.
// Used by the planner (when to touch next), the Send step (the check at the real send time), the ops CLI and the
// auditor. Pure: no clock, no I/O; the same request always gets the same decision.
import { DAY_MS, parseInstant } from './calendar.ts';
import { HARD_STOPS } from './contact-rules.ts';
import { CompiledContact, type EngineInput } from './engine.ts';
import { locationFacts } from './location.ts';
import type { ContactRequest } from './request-schema.ts';

export { candidateTimeZones } from './location.ts';
export { parseContactRequest, type ContactChannel, type ContactPolicy, type ContactRequest } from './request-schema.ts';
export { CONTACT_WINDOW } from './contact-rules.ts';

export interface ContactDecision {
  allowed: boolean;
  reasons: string[];
  nextAllowedAt: string | null;
}

/** How far ahead `nextAllowedAt` is looked for. */
export const NEXT_ALLOWED_HORIZON_DAYS = 60;

function instant(value: string, field: string): number {
  const t = parseInstant(value);
  if (!Number.isFinite(t)) throw new Error(`${field}: "${value}" is not an ISO instant`);
  return t;
}

const ascending = (a: number, b: number): number => a - b;

function unknownChannel(channel: unknown, i: number): never {
  throw new Error(`history[${i}].channel: "${String(channel)}" is not email or sms`);
}

/** The request compiled for repeated questions (the planner's search, the property tests, the bench). */
export function compileContactRequest(request: ContactRequest): CompiledContact {
  if (request.channel !== 'email' && request.channel !== 'sms')
    throw new Error(`channel: "${String(request.channel)}" is not email or sms`);
  const flags = request.flags ?? {};
  const permanent: string[] = [];
  for (const [flag, code] of HARD_STOPS) if (flags[flag] === true) permanent.push(`hard-stop:${code}`);
  if (flags.optedOut?.includes(request.channel)) permanent.push(`opted-out:${request.channel}`);
  const { zones, states } = locationFacts(request.address, request.phone);
  const email: number[] = [];
  const sms: number[] = [];
  const conversations: number[] = [];
  const history = request.history ?? [];
  for (let i = 0; i < history.length; i++) {
    const entry = history[i]!;
    const t = instant(entry.at, `history[${i}].at`);
    (entry.channel === 'sms' ? sms : entry.channel === 'email' ? email : unknownChannel(entry.channel, i)).push(t);
    if (entry.kind === 'conversation') conversations.push(t);
  }
  const input: EngineInput = {
    zones,
    channel: request.channel,
    permanent,
    times: { email: email.sort(ascending), sms: sms.sort(ascending) },
    conversations,
    states,
    frequency: true,
  };
  if (request.inconvenientTimes !== undefined) input.inconvenientTimes = request.inconvenientTimes;
  if (request.policy !== undefined) input.policy = request.policy;
  return new CompiledContact(input);
}

/**
 * Whether contact is allowed at `request.at`, every rule that forbids it (stable codes), and the earliest minute ≥ at
 * when every rule allows it (`at` itself when allowed); null when no time ever will be (a hard stop, an opt-out of
 * this channel, a creditor policy that leaves no hour) or none within 60 days.
 */
export function evaluateContact(request: ContactRequest): ContactDecision {
  const at = instant(request.at, 'at');
  const compiled = compileContactRequest(request);
  const reasons = compiled.reasonsAt(at);
  if (reasons.length === 0) return { allowed: true, reasons, nextAllowedAt: new Date(at).toISOString() };
  const next = compiled.nextAllowed(at, NEXT_ALLOWED_HORIZON_DAYS * DAY_MS);
  return { allowed: false, reasons, nextAllowedAt: next === null ? null : new Date(next).toISOString() };
}
