// Segments and strategy variants: validation, matching, the deterministic weighted assignment, the strategy Plan and
// Send follow, and the assignment recorded at enrollment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountIdFor } from '../../shared/accounts/account.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { parseCreditorProfile, type CreditorProfile, type CreditorProfileInput } from '../../shared/creditors/profile.ts';
import {
  applyOverride,
  assignVariant,
  DEFAULT_SEGMENT,
  DEFAULT_VARIANT,
  segmentFor,
  strategyFor,
  type SegmentFacts,
} from '../../shared/strategy/segments.ts';
import { DEFAULT_STRATEGY } from '../../shared/strategy/strategy.ts';
import { enrollAccount } from '../../shared/usecases/enroll-account.ts';
import { planNextStep } from '../../shared/usecases/plan-next-step.ts';
import { accountRecord, INSIDE_HOURS, MemoryAccountStore, MemoryCreditorStore } from '../handlers/setup/fakes.ts';

const BRAND = {
  name: 'Acme Energy',
  senderName: 'Acme Billing',
  senderEmail: 'billing@acme.test',
  paymentUrl: 'https://pay.acme.test/',
  signOff: 'The Acme Energy team',
};

function profile(segments: unknown): CreditorProfile {
  return parseCreditorProfile({ creditorId: 'acme', brand: BRAND, segments } as CreditorProfileInput);
}

/** The zod issues of a profile that should be refused, as "path: message" lines. */
function issuesOf(segments: unknown): string[] {
  try {
    profile(segments);
  } catch (error) {
    return (error as { issues: Array<{ path: PropertyKey[]; message: string }> }).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  throw new Error('expected the profile to be refused');
}

const CHALLENGE = [
  {
    name: 'large',
    when: { balance: { min: '1000.00' } },
    variants: [
      { name: 'champion', weight: 3 },
      { name: 'sms-first', weight: 1, strategy: { SoftReminder: { channels: ['sms', 'email'], cadenceDays: 2 }, promiseGraceDays: 5 } },
    ],
  },
  { name: 'spanish', when: { language: ['es'], customerTier: ['standard'] }, variants: [{ name: 'only', weight: 1 }] },
  { name: 'fresh', when: { daysDelinquent: { max: 30 } }, variants: [{ name: 'gentle', weight: 1, strategy: { holdRecheckDays: 10 } }] },
];

const facts = (overrides: Partial<SegmentFacts> = {}): SegmentFacts => ({
  accountId: 'acc-1',
  balance: 100,
  daysDelinquent: 90,
  ...overrides,
});

describe('profile segments: validation', () => {
  it('accepts segments and leaves profiles without them as they were', () => {
    expect(profile(CHALLENGE).segments).toHaveLength(3);
    expect(profile(undefined).segments).toBeUndefined();
  });

  it('refuses a segment name used twice', () => {
    const segment = { name: 'a', variants: [{ name: 'x', weight: 1 }] };
    expect(issuesOf([segment, segment])).toEqual(['segments.1.name: segment name "a" is used twice']);
  });

  it('says which field is wrong and why', () => {
    expect(
      issuesOf([
        { name: 'a', when: { balance: { min: '500', max: '100' } }, variants: [{ name: 'x', weight: 1 }] },
        {
          name: 'a',
          when: { daysDelinquent: { min: -1 } },
          variants: [
            { name: 'x', weight: 1 },
            { name: 'x', weight: 1 },
          ],
        },
        { name: 'default', variants: [{ name: 'x', weight: 0 }] },
        { name: 'b', variants: [] },
        { name: 'c', variants: [{ name: 'x', weight: 1.5, strategy: { SoftReminder: { cadenceDay: 3 } } }] },
        { name: 'd', variants: [{ name: 'X', weight: 1, strategy: { Escalation: { maxTouches: 99 } } }] },
        { name: 'e', when: { balance: { min: '1,000' }, language: ['spanish!'] }, variants: [{ name: 'x', weight: 1 }] },
      ]),
    ).toEqual([
      'segments.0.when.balance.max: min must not exceed max',
      'segments.1.when.daysDelinquent.min: Too small: expected number to be >=0',
      'segments.1.variants.1.name: variant name "x" is used twice',
      'segments.2.name: "default" is the segment of accounts no segment matches',
      'segments.2.variants: at least one variant needs a weight above 0',
      'segments.3.variants: a segment needs at least one variant',
      'segments.4.variants.0.weight: an integer weight',
      'segments.4.variants.0.strategy.SoftReminder: Unrecognized key: "cadenceDay"',
      'segments.5.variants.0.name: a name of lower-case letters, digits and dashes (at most 40), such as "sms-first"',
      'segments.5.variants.0.strategy.Escalation.maxTouches: Too big: expected number to be <=20',
      'segments.6.when.balance.min: a decimal amount such as "250.00"',
      'segments.6.when.language.0: a BCP 47 tag such as "es" or "es-US"',
    ]);
  });
});

describe('segmentFor: the first segment whose every rule holds', () => {
  const segments = profile(CHALLENGE).segments!;
  it.each([
    [facts({ balance: 1000 }), 'large'],
    [facts({ balance: 5000, language: 'es', customerTier: 'standard' }), 'large'],
    [facts({ language: 'es-US', customerTier: 'standard' }), 'spanish'],
    [facts({ language: 'ES', customerTier: 'standard' }), 'spanish'],
    [facts({ language: 'es', customerTier: 'gold' }), undefined],
    [facts({ language: 'es' }), undefined],
    [facts({ language: 'en', customerTier: 'standard' }), undefined],
    [facts({ language: 'est', customerTier: 'standard' }), undefined],
    [facts({ daysDelinquent: 30 }), 'fresh'],
    [facts({ daysDelinquent: 31 }), undefined],
    [facts({ balance: 999.99 }), undefined],
  ])('%j → %s', (account, expected) => {
    expect(segmentFor(segments, account)?.name).toBe(expected);
  });

  it('matches every account with a segment without rules', () => {
    expect(segmentFor(profile([{ name: 'all', variants: [{ name: 'a', weight: 1 }] }]).segments!, facts())?.name).toBe('all');
  });
});

describe('assignVariant', () => {
  const challenge = profile(CHALLENGE);

  it('gives an account no segment matches the default segment and variant', () => {
    expect(assignVariant(challenge, facts())).toEqual({ segment: DEFAULT_SEGMENT, variant: DEFAULT_VARIANT });
    expect(assignVariant(profile(undefined), facts({ balance: 5000 }))).toEqual({ segment: 'default', variant: 'default' });
  });

  it('never picks a variant of weight 0', () => {
    const paused = profile([
      {
        name: 'all',
        variants: [
          { name: 'old', weight: 0 },
          { name: 'new', weight: 1 },
        ],
      },
    ]);
    for (let i = 0; i < 200; i += 1) expect(assignVariant(paused, facts({ accountId: `acc-${i}` })).variant).toBe('new');
  });

  it('is a pure function of the account id, the segment and the weights: the same on every call', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 1_000_000 }), (creditor, ref, balance) => {
        const account = facts({ accountId: accountIdFor(creditor || 'c', ref), balance });
        const first = assignVariant(challenge, account);
        expect(assignVariant(profile(CHALLENGE), { ...account })).toEqual(first);
      }),
    );
  });

  it('respects the weights in the large: each share within 4 standard errors of weight ÷ total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 5 }).filter((ws) => ws.some((w) => w > 0)),
        fc.string(),
        (weights, salt) => {
          const p = profile([{ name: 'all', variants: weights.map((weight, i) => ({ name: `v${i}`, weight })) }]);
          const n = 4000;
          const counts = new Map<string, number>();
          for (let i = 0; i < n; i += 1) {
            const { variant } = assignVariant(p, facts({ accountId: accountIdFor('acme', `${salt}-${i}`) }));
            counts.set(variant, (counts.get(variant) ?? 0) + 1);
          }
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((weight, i) => {
            const share = weight / total;
            const tolerance = 4 * Math.sqrt((share * (1 - share)) / n) + 1e-9;
            expect(Math.abs((counts.get(`v${i}`) ?? 0) / n - share)).toBeLessThanOrEqual(tolerance);
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('strategyFor: the strategy Plan and Send follow', () => {
  const challenge = profile(CHALLENGE);
  const state = (segment: string, variant: string) => ({ variant: { segment, variant } });

  it("is the assigned variant's: the profile's strategy with the variant's overrides", () => {
    const strategy = strategyFor(challenge, state('large', 'sms-first'));
    expect(strategy.SoftReminder).toEqual({ ...DEFAULT_STRATEGY.SoftReminder, channels: ['sms', 'email'], cadenceDays: 2 });
    expect(strategy.Escalation).toEqual(DEFAULT_STRATEGY.Escalation);
    expect(strategy.promiseGraceDays).toBe(5);
    expect(strategyFor(challenge, state('large', 'champion'))).toEqual(challenge.strategy);
  });

  it("falls back to the segment's first variant when the variant is gone, and to the profile's strategy when the segment is", () => {
    const renamed = profile([
      {
        ...CHALLENGE[2],
        variants: [
          { name: 'first', weight: 1, strategy: { holdRecheckDays: 45 } },
          { name: 'other', weight: 1 },
        ],
      },
    ]);
    expect(strategyFor(renamed, state('fresh', 'gentle')).holdRecheckDays).toBe(45);
    expect(strategyFor(renamed, state('large', 'sms-first'))).toBe(renamed.strategy);
    expect(strategyFor(challenge, {})).toBe(challenge.strategy);
    expect(strategyFor(challenge, state(DEFAULT_SEGMENT, DEFAULT_VARIANT))).toBe(challenge.strategy);
  });

  it('replaces lists whole and leaves the base untouched', () => {
    const base = structuredClone(DEFAULT_STRATEGY);
    const merged = applyOverride(base, { ThirdParty: { channels: ['sms'] } });
    expect(merged.ThirdParty.channels).toEqual(['sms']);
    expect(base).toEqual(DEFAULT_STRATEGY);
  });
});

describe('enrollAccount records the assignment once', () => {
  it('records placed, then variant-assigned, with deterministic ids; a retry adds nothing', async () => {
    const record = accountRecord({ balanceMinor: 250_000, delinquencyDate: '2026-01-31', placedAt: '2026-02-20T12:00:00.000Z' });
    const store = new MemoryAccountStore();
    await store.createAccounts([record]);
    const deps = { store, creditors: new MemoryCreditorStore(profile(CHALLENGE)) };
    const now = new Date('2026-02-20T12:00:05Z');

    const first = await enrollAccount(deps, record.accountId, now);
    const retry = await enrollAccount(deps, record.accountId, new Date('2026-02-20T12:01:00Z'));

    const expected = assignVariant(profile(CHALLENGE), { accountId: record.accountId, balance: 2500, daysDelinquent: 20 });
    expect(expected.segment).toBe('large');
    expect(first).toEqual({ enrolled: true, ...expected });
    expect(retry).toEqual({ enrolled: false, ...expected });
    const { events } = (await store.loadHistory(record.accountId))!;
    expect(events.map((e) => [e.type, e.eventId])).toEqual([
      ['placed', `${record.accountId}:placed`],
      ['variant-assigned', `${record.accountId}:variant-assigned`],
    ]);
    expect(foldAccount(record.accountId, events).variant).toEqual(expected);
  });

  it('reads the tier and language of the placement', async () => {
    const record = accountRecord({
      debtor: { name: 'n', email: 'e@x.test', language: 'es-US', customerTier: 'standard' },
      delinquencyDate: '2025-01-01',
    });
    const store = new MemoryAccountStore();
    await store.createAccounts([record]);
    const result = await enrollAccount({ store, creditors: new MemoryCreditorStore(profile(CHALLENGE)) }, record.accountId, new Date());
    expect(result).toMatchObject({ segment: 'spanish', variant: 'only' });
  });
});

describe('Plan follows the assigned variant', () => {
  it("plans the first touch on the variant's first channel", async () => {
    const p = profile([
      { name: 'all', variants: [{ name: 'sms-first', weight: 1, strategy: { SoftReminder: { channels: ['sms', 'email'] } } }] },
    ]);
    const channelOf = async (creditorProfile: CreditorProfile) => {
      const store = new MemoryAccountStore();
      const record = accountRecord();
      await store.createAccounts([record]);
      const deps = { store, creditors: new MemoryCreditorStore(creditorProfile) };
      await enrollAccount(deps, record.accountId, INSIDE_HOURS);
      return (await planNextStep(deps, { accountId: record.accountId }, INSIDE_HOURS)).channel;
    };
    expect(await channelOf(profile(undefined))).toBe('email');
    expect(await channelOf(p)).toBe('sms');
  });
});
