// Properties of the contact engine over random debtors (ZIP, state, phone), instants, histories, flags, policies and
// inconvenient times, against the reference in test/support/compliance-testkit.ts. numRuns add up to 13,000 here (the
// bench runs 100,000 more).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContactHours, nextContactTime } from '../../shared/compliance/contact-hours.ts';
import { candidateTimeZones, evaluateContact, parseContactRequest } from '../../shared/compliance/evaluate.ts';
import {
  arbitraries,
  propertyNextAllowedIsEarliest,
  propertyReasonsMatchReference,
  propertySendingAtNextAllowedKeepsTheRules,
} from '../support/compliance-testkit.ts';

const { request, nearRequest, location, instant } = arbitraries(fc);
const TWO_DAYS = 2 * 86_400_000;

describe('evaluateContact properties', () => {
  it('allows exactly when the reference finds no rule broken, and names the same rules (reasons = reference)', () => {
    // So no allowed decision falls outside the window in any candidate zone, breaks a cap, or ignores a flag.
    fc.assert(fc.property(request, propertyReasonsMatchReference), { numRuns: 6000 });
  });

  it('gives a nextAllowedAt that is allowed, with no allowed minute before it (minute by minute, up to 2 days)', () => {
    let checked = 0;
    let total = 0;
    fc.assert(
      fc.property(nearRequest, (r) => {
        total++;
        if (propertyNextAllowedIsEarliest(r, TWO_DAYS)) checked++;
      }),
      { numRuns: 4000 },
    );
    // Most cases have their answer within the scan; the rest (a week-long cap or wait) are skipped.
    expect(checked / total).toBeGreaterThan(0.7);
  });

  it('never breaks a rule when a sender always sends at nextAllowedAt', () => {
    const pauses = fc.array(fc.integer({ min: 0, max: 12 * 3_600_000 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(request, pauses, (r, p) => {
        propertySendingAtNextAllowedKeepsTheRules(r, p);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with checkContactHours and nextContactTime when only the location matters', () => {
    fc.assert(
      fc.property(location, instant, (loc, t) => {
        const at = new Date(t);
        const zones = candidateTimeZones(loc);
        const { zip, state, phone } = loc;
        const address =
          zip !== undefined || state !== undefined
            ? { ...(zip !== undefined ? { zip } : {}), ...(state !== undefined ? { state } : {}) }
            : undefined;
        const decision = evaluateContact({
          at: at.toISOString(),
          channel: 'email',
          ...(address ? { address } : {}),
          ...(phone !== undefined ? { phone } : {}),
        });
        const hours = checkContactHours(at, zones);
        expect(decision.allowed).toBe(hours.allowed);
        expect(decision.reasons).toEqual(hours.reasons);
        const next = nextContactTime(at, zones);
        if (next !== null) expect(decision.nextAllowedAt).toBe(next.toISOString());
      }),
      { numRuns: 1000 },
    );
  });

  it('is pure: the same request gets the same decision', () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(evaluateContact(structuredClone(r))).toEqual(evaluateContact(r));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every well-formed request it is given as JSON, unchanged', () => {
    fc.assert(
      fc.property(request, (r) => {
        const json = JSON.parse(JSON.stringify(r)) as unknown;
        if (r.phone !== undefined && !/^\+[1-9]\d{6,14}$/.test(r.phone)) {
          expect(() => parseContactRequest(json)).toThrow(/phone/);
          return;
        }
        expect(parseContactRequest(json)).toEqual(r);
      }),
      { numRuns: 1000 },
    );
  });
});
