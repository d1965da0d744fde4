import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventFromDraft, type AccountEvent, type EventDraft } from '../../shared/accounts/events.ts';
import { parseInconvenientTimes } from '../../shared/accounts/contact-history.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { checkContactHours } from '../../shared/compliance/contact-hours.ts';
import { decideNext, planNextTouch, validationNoticePending, type PlanContext } from '../../shared/strategy/plan.ts';
import { DEFAULT_STRATEGY } from '../../shared/strategy/strategy.ts';
import { paymentPlanTermsOf } from '../../shared/strategy/payment-plan.ts';
import { paymentPlanPolicySchema } from '../../shared/creditors/profile.ts';

const ACCOUNT = 'acc-000000000000000000000001';
// Monday 2026-03-02 15:00 UTC = 10:00 in New York.
const T0 = new Date('2026-03-02T15:00:00Z');
const DAY = 86_400_000;

function events(...drafts: Array<[Date, EventDraft]>): AccountEvent[] {
  return drafts.map(([at, draft], i) => ({ ...eventFromDraft(ACCOUNT, at, draft), seq: i + 1 }));
}

const placed: EventDraft = { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme', key: 'placed' };

function ctx(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    now: T0,
    stage: 'SoftReminder',
    strategy: DEFAULT_STRATEGY,
    handoff: { approvalTimeoutDays: 7 },
    paymentPlan: paymentPlanTermsOf(paymentPlanPolicySchema.parse({}), 'USD'),
    debtor: { address: { state: 'NY', zip: '10001' } },
    reachable: { email: true, sms: true },
    ...overrides,
  };
}

describe('decideNext', () => {
  it('enters the stage and sends the first touch at once, by the first channel of the cadence', () => {
    const plan = decideNext(foldAccount(ACCOUNT, events([T0, placed])), ctx());
    expect(plan.record.map((d) => d.type)).toEqual(['stage-entered']);
    expect(plan.decision).toMatchObject({ action: 'touch', channel: 'email', touchNumber: 1, touchId: `${ACCOUNT}-softreminder-1` });
  });

  it('waits for the cadence after a touch, and listens for a reply until the next one', () => {
    const history = events(
      [T0, placed],
      [T0, { type: 'stage-entered', stage: 'SoftReminder', key: 'stage:SoftReminder' }],
      [T0, { type: 'touch-sent', touchId: `${ACCOUNT}-softreminder-1`, stage: 'SoftReminder', channel: 'email', template: 't', key: 's1' }],
    );
    const plan = decideNext(foldAccount(ACCOUNT, history), ctx({ now: new Date(T0.getTime() + DAY) }));
    expect(plan.decision).toEqual({ action: 'wait', until: new Date(T0.getTime() + 4 * DAY), reason: 'cadence' });
  });

  it('defers a due touch outside contact hours to the next allowed minute', () => {
    const night = new Date('2026-03-03T03:00:00Z'); // 22:00 in New York
    const plan = decideNext(foldAccount(ACCOUNT, events([night, placed])), ctx({ now: night }));
    expect(plan.decision).toMatchObject({ action: 'wait', reason: 'outside-hours:America/New_York' });
    expect(plan.decision.action === 'wait' && plan.decision.until.toISOString()).toBe('2026-03-03T13:00:00.000Z');
  });

  it('falls back to another channel when one is opted out, recording the suppression', () => {
    const history = events(
      [T0, placed],
      [T0, { type: 'stage-entered', stage: 'Escalation', key: 'stage:Escalation' }],
      [T0, { type: 'reply-received', channel: 'sms', intent: 'stop', messageId: 'm1', key: 'sms:m1' }],
    );
    const plan = decideNext(foldAccount(ACCOUNT, history), ctx({ stage: 'Escalation' }));
    expect(plan.decision).toMatchObject({ action: 'touch', channel: 'email' });
    expect(plan.record).toEqual([expect.objectContaining({ type: 'touch-suppressed', channel: 'sms', reason: 'opted-out:sms' })]);
  });

  it('stops using a channel the provider refused for good, or the carrier opted out', () => {
    for (const fact of [
      { type: 'channel-unreachable' as const, channel: 'sms' as const, reason: 'invalid-address', key: 'u' },
      { type: 'opted-out' as const, channel: 'sms' as const, via: 'carrier' as const, key: 'o' },
    ]) {
      const history = events([T0, placed], [T0, { type: 'stage-entered', stage: 'Escalation', key: 'st' }], [T0, fact]);
      expect(decideNext(foldAccount(ACCOUNT, history), ctx({ stage: 'Escalation' })).decision).toMatchObject({
        action: 'touch',
        channel: 'email',
      });
    }
  });

  it('resolves as paid once the balance is cleared, and as ceased on a cease request', () => {
    const paid = events(
      [T0, placed],
      [T0, { type: 'payment-received', amountMinor: 50_000, source: 'creditor', reference: 'r', key: 'p' }],
    );
    expect(decideNext(foldAccount(ACCOUNT, paid), ctx()).decision).toMatchObject({ action: 'touch', reason: 'closing:thank-you' });
    const closed = events(
      [T0, placed],
      [T0, { type: 'payment-received', amountMinor: 50_000, source: 'creditor', reference: 'r', key: 'p' }],
      [T0, { type: 'touch-sent', touchId: 't-1', stage: 'SoftReminder', channel: 'email', template: 'thank-you.email.en.v1', key: 't1' }],
      [T0, { type: 'touch-sent', touchId: 't-2', stage: 'SoftReminder', channel: 'email', template: 'survey.email.en.v1', key: 't2' }],
    );
    expect(decideNext(foldAccount(ACCOUNT, closed), ctx()).decision).toMatchObject({ action: 'resolve', outcome: 'paid' });
    const unreachable = decideNext(foldAccount(ACCOUNT, paid), ctx({ reachable: { email: false, sms: false } }));
    expect(unreachable.decision).toMatchObject({ action: 'resolve', outcome: 'paid' });
  });

  it('after a cease request sends the one notice the law allows, by email, then resolves as ceased', () => {
    const ceased = events([T0, placed], [T0, { type: 'reply-received', channel: 'email', intent: 'cease', messageId: 'm', key: 'm' }]);
    expect(decideNext(foldAccount(ACCOUNT, ceased), ctx()).decision).toMatchObject({
      action: 'touch',
      channel: 'email',
      reason: 'cease-notice',
    });
    const noticed = [
      ...ceased,
      {
        ...eventFromDraft(ACCOUNT, T0, {
          type: 'touch-sent',
          touchId: `${ACCOUNT}-softreminder-1`,
          stage: 'SoftReminder',
          channel: 'email',
          template: 'cease-notice.email.en.v1',
          key: 'n',
        }),
        seq: 3,
      },
    ];
    expect(decideNext(foldAccount(ACCOUNT, noticed), ctx()).decision).toMatchObject({ action: 'resolve', outcome: 'ceased' });
    // No way to send it within a few days: the account closes without it.
    const unreachable = decideNext(foldAccount(ACCOUNT, ceased), ctx({ reachable: { email: false, sms: false } }));
    expect(unreachable.decision).toMatchObject({ action: 'resolve', outcome: 'ceased' });
  });

  it('holds a disputed account', () => {
    const disputed = events([T0, placed], [T0, { type: 'reply-received', channel: 'sms', intent: 'dispute', messageId: 'm', key: 'm' }]);
    expect(decideNext(foldAccount(ACCOUNT, disputed), ctx()).decision).toMatchObject({ action: 'wait', reason: 'hold:dispute' });
  });

  it('pauses for a promise, then moves a broken one on to escalation', () => {
    const promised = events(
      [T0, placed],
      [T0, { type: 'reply-received', channel: 'sms', intent: 'promise', promiseDate: '2026-03-06', messageId: 'm', key: 'm' }],
    );
    const pending = decideNext(foldAccount(ACCOUNT, promised), ctx());
    expect(pending.decision).toEqual({ action: 'wait', until: new Date('2026-03-08T23:59:59Z'), reason: 'promise-pending' });
    const broken = decideNext(foldAccount(ACCOUNT, promised), ctx({ now: new Date('2026-03-09T15:00:00Z') }));
    expect(broken.decision).toEqual({ action: 'advance', reason: 'promise-broken' });
    expect(broken.record.map((d) => d.type)).toEqual(['promise-broken']);
  });

  it('advances once the stage has had all its touches and the final wait', () => {
    const cadence = DEFAULT_STRATEGY.SoftReminder;
    const drafts: Array<[Date, EventDraft]> = [
      [T0, placed],
      [T0, { type: 'stage-entered', stage: 'SoftReminder', key: 'st' }],
    ];
    for (let n = 1; n <= cadence.maxTouches; n++) {
      const at = new Date(T0.getTime() + (n - 1) * cadence.cadenceDays * DAY);
      drafts.push([at, { type: 'touch-sent', touchId: `t-${n}`, stage: 'SoftReminder', channel: 'email', template: 't', key: `s${n}` }]);
    }
    const last = T0.getTime() + (cadence.maxTouches - 1) * cadence.cadenceDays * DAY;
    const state = foldAccount(ACCOUNT, events(...drafts));
    expect(decideNext(state, ctx({ now: new Date(last + DAY) })).decision).toMatchObject({ action: 'wait', reason: 'awaiting-reply' });
    expect(decideNext(state, ctx({ now: new Date(last + cadence.finalWaitDays * DAY) })).decision).toMatchObject({ action: 'advance' });
  });

  it('applies the hand-off policy: auto-approve below the threshold, otherwise ask, and decline on timeout', () => {
    const state = foldAccount(ACCOUNT, events([T0, placed]));
    const auto = decideNext(state, ctx({ stage: 'Handoff', handoff: { approvalTimeoutDays: 7, autoApproveBelowMinor: 100_000 } }));
    expect(auto.decision).toMatchObject({ action: 'advance', reason: 'handoff-auto-approved' });
    const ask = decideNext(state, ctx({ stage: 'Handoff' }));
    expect(ask.decision).toEqual({
      action: 'request-approval',
      until: new Date(T0.getTime() + 7 * DAY),
      reason: 'handoff-awaiting-creditor',
    });
    const requested = foldAccount(ACCOUNT, events([T0, placed], [T0, { type: 'handoff-requested', key: 'hr' }]));
    const late = decideNext(requested, ctx({ stage: 'Handoff', now: new Date(T0.getTime() + 7 * DAY) }));
    expect(late.decision).toMatchObject({ action: 'resolve', outcome: 'returned-to-creditor', reason: 'handoff-timeout' });
  });
});

describe('decideNext on creditor instructions', () => {
  const at = (days: number) => new Date(T0.getTime() + days * DAY);
  const base: Array<[Date, EventDraft]> = [
    [T0, placed],
    [T0, { type: 'stage-entered', stage: 'SoftReminder', key: 'st' }],
    [T0, { type: 'touch-sent', touchId: 't-1', stage: 'SoftReminder', channel: 'email', template: 't', key: 's1' }],
  ];
  const decide = (...more: Array<[Date, EventDraft]>) =>
    decideNext(foldAccount(ACCOUNT, events(...base, ...more)), ctx({ now: at(5) })).decision;

  it('ends the account on a recall or a hard-stop notice, with the right outcome', () => {
    expect(decide([at(1), { type: 'recalled', forced: false, key: 'r' }])).toMatchObject({ action: 'resolve', outcome: 'recalled' });
    for (const notice of ['bankruptcy', 'attorney', 'deceased'] as const) {
      expect(decide([at(1), { type: 'notice-received', notice, key: 'n' }])).toMatchObject({ action: 'resolve', outcome: notice });
    }
  });

  it('resumes a verified dispute and closes a withdrawn one', () => {
    const dispute: [Date, EventDraft] = [at(1), { type: 'reply-received', channel: 'email', intent: 'dispute', messageId: 'd', key: 'd' }];
    expect(decide(dispute)).toMatchObject({ action: 'wait', reason: 'hold:dispute' });
    const verified = decide(dispute, [at(2), { type: 'dispute-resolved', resolution: 'verified', key: 'v' }]);
    // No longer held: the next touch waits only for the 7 quiet days after the dispute conversation.
    expect(verified).toMatchObject({ action: 'wait', reason: 'conversation-wait:7d' });
    const withdrawn = decide(dispute, [at(2), { type: 'dispute-resolved', resolution: 'withdrawn', key: 'w' }]);
    expect(withdrawn).toMatchObject({ action: 'resolve', outcome: 'disputed' });
  });

  it('pauses twice the cadence after a partial payment, and resolves once adjustments and payments clear the balance', () => {
    const partial: [Date, EventDraft] = [
      at(2),
      { type: 'payment-received', amountMinor: 20_000, source: 'creditor', reference: 'p1', key: 'p1' },
    ];
    const waiting = decide(partial);
    expect(waiting).toEqual({ action: 'wait', until: at(2 + 2 * DEFAULT_STRATEGY.SoftReminder.cadenceDays), reason: 'cadence' });
    const cleared = decide(partial, [at(3), { type: 'balance-adjusted', amountMinor: -30_000, reference: 'a1', key: 'a1' }]);
    expect(cleared).toMatchObject({ action: 'touch', reason: 'closing:thank-you' });
  });
});

describe('decideNext with the contact rules', () => {
  it('texts a Massachusetts debtor at most twice in seven days, and emails instead', () => {
    const drafts: Array<[Date, EventDraft]> = [
      [T0, placed],
      [T0, { type: 'stage-entered', stage: 'Escalation', key: 'st' }],
    ];
    for (let n = 1; n <= 2; n++) {
      const at = new Date(T0.getTime() + (n - 1) * DAY);
      drafts.push([
        at,
        { type: 'touch-sent', touchId: `acc-x-escalation-${n}`, stage: 'Escalation', channel: 'sms', template: 't', key: `s${n}` },
      ]);
    }
    const state = foldAccount(ACCOUNT, events(...drafts));
    const strategy = {
      ...DEFAULT_STRATEGY,
      Escalation: { maxTouches: 5, cadenceDays: 1, channels: ['sms' as const, 'email' as const], finalWaitDays: 1 },
    };
    const boston = { address: { state: 'MA', zip: '02108' } };
    const plan = decideNext(state, ctx({ stage: 'Escalation', strategy, now: new Date(T0.getTime() + 2 * DAY), debtor: boston }));
    expect(plan.decision).toMatchObject({ action: 'touch', channel: 'email' });
    const textOnly = decideNext(
      state,
      ctx({ stage: 'Escalation', strategy, now: new Date(T0.getTime() + 2 * DAY), debtor: boston, reachable: { email: false, sms: true } }),
    );
    expect(textOnly.decision).toMatchObject({ action: 'wait', reason: 'frequency:state:MA' });
    expect(textOnly.decision.action === 'wait' && textOnly.decision.until.getTime()).toBe(T0.getTime() + 7 * DAY);
  });

  it('waits seven days after a conversation, counting its day as day 1', () => {
    const history = events(
      [T0, placed],
      [T0, { type: 'stage-entered', stage: 'SoftReminder', key: 'st' }],
      [T0, { type: 'touch-sent', touchId: 't-1', stage: 'SoftReminder', channel: 'email', template: 't', key: 's1' }],
      [new Date(T0.getTime() + 3 * 3_600_000), { type: 'reply-received', channel: 'email', intent: 'other', messageId: 'm', key: 'm' }],
    );
    const plan = decideNext(foldAccount(ACCOUNT, history), ctx({ now: new Date(T0.getTime() + 4 * DAY) }));
    expect(plan.decision).toMatchObject({ action: 'wait', reason: 'conversation-wait:7d' });
    // Day 1 is 2026-03-02 in New York: the first allowed moment is 2026-03-09 08:00 there.
    expect(plan.decision.action === 'wait' && plan.decision.until.toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });
});

describe('inconvenient times', () => {
  it('reads the placement column into weekday ranges, and ignores what does not read', () => {
    expect(parseInconvenientTimes('mon-fri 09:00-17:00; sun 00:00-24:00; 19:00-20:00; lunch; 18:00-09:00')).toEqual([
      { daysOfWeek: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
      { daysOfWeek: [7], from: '00:00', to: '24:00' },
      { from: '19:00', to: '20:00' },
    ]);
    expect(parseInconvenientTimes('sat-mon 10:00-12:00')).toEqual([{ daysOfWeek: [6, 7, 1], from: '10:00', to: '12:00' }]);
  });

  it('keeps a touch out of the times the debtor named', () => {
    const state = foldAccount(ACCOUNT, events([T0, placed]));
    // 10:00 on a Monday in New York, and the debtor said weekdays 09:00-17:00 do not suit.
    const debtor = { address: { state: 'NY', zip: '10001' }, inconvenientTimes: parseInconvenientTimes('mon-fri 09:00-17:00') };
    const plan = decideNext(state, ctx({ debtor }));
    expect(plan.decision).toMatchObject({ action: 'wait', reason: 'inconvenient-time' });
    expect(plan.decision.action === 'wait' && plan.decision.until.toISOString()).toBe('2026-03-02T22:00:00.000Z');
  });
});

describe('the validation notice', () => {
  const thirdParty = (reachable: PlanContext['reachable'], mailable = false, ...more: Array<[Date, EventDraft]>) => {
    const state = foldAccount(ACCOUNT, events([T0, placed], [T0, { type: 'stage-entered', stage: 'ThirdParty', key: 'st' }], ...more));
    const strategy = { ...DEFAULT_STRATEGY, ThirdParty: { ...DEFAULT_STRATEGY.ThirdParty, channels: ['sms' as const, 'email' as const] } };
    return decideNext(state, ctx({ stage: 'ThirdParty', strategy, reachable, mailable }));
  };

  it("makes the agency's first message an email, whatever the cadence prefers", () => {
    expect(thirdParty({ email: true, sms: true }).decision).toMatchObject({ action: 'touch', channel: 'email', touchNumber: 1 });
  });

  it('never texts as the agency without a way to give the notice: a text-only account with no postal address is suppressed', () => {
    const plan = thirdParty({ email: false, sms: true });
    expect(plan.record).toEqual([
      expect.objectContaining({ type: 'touch-suppressed', channel: 'sms', reason: 'validation-notice:needs-email-or-address' }),
    ]);
    expect(plan.decision).toMatchObject({ action: 'wait', reason: 'cadence' });
  });

  it('plans the first text of a text-only account with a postal address: Send mails the notice before it', () => {
    expect(thirdParty({ email: false, sms: true }, true).decision).toMatchObject({ action: 'touch', channel: 'sms', touchNumber: 1 });
  });

  it('still prefers email for the notice when the debtor has one, postal address or not', () => {
    expect(thirdParty({ email: true, sms: true }, true).decision).toMatchObject({ action: 'touch', channel: 'email' });
  });

  it('is given once the letter was mailed: later planning is the cadence, on any channel', () => {
    const mailed = {
      type: 'validation-letter-mailed',
      letterId: 'l',
      providerId: 'p',
      expectedDeliveryDate: '2026-03-09',
      validationEndsOn: '2026-04-08',
      key: 'm',
    } as const;
    const state = foldAccount(ACCOUNT, events([T0, placed], [T0, mailed]));
    expect(validationNoticePending(state, 'ThirdParty')).toBe(false);
    expect(thirdParty({ email: false, sms: true }, false, [T0, mailed]).decision).toMatchObject({ action: 'touch', channel: 'sms' });
  });
});

describe('planning properties', () => {
  const places = fc.constantFrom(
    { debtor: { address: { state: 'NY', zip: '10001' } }, zones: ['America/New_York'] },
    { debtor: { address: { state: 'TX' } }, zones: ['America/Chicago', 'America/Denver'] },
    { debtor: { address: { state: 'HI' } }, zones: ['Pacific/Honolulu'] },
    { debtor: { address: { state: 'AZ', zip: '85004' } }, zones: ['America/Phoenix'] },
  );
  const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
  const replies = fc.array(
    fc.record({
      channel: fc.constantFrom('email' as const, 'sms' as const),
      intent: fc.constantFrom('stop' as const, 'start' as const, 'other' as const, 'pay' as const, 'plan' as const),
    }),
    { maxLength: 4 },
  );

  it('never plans a touch outside contact hours, on an opted-out channel, or for a held or closed account', () => {
    fc.assert(
      fc.property(instant, places, replies, fc.boolean(), fc.boolean(), (now, place, replyList, disputed, ceased) => {
        const drafts: Array<[Date, EventDraft]> = [[now, placed]];
        for (const [i, r] of replyList.entries()) drafts.push([now, { type: 'reply-received', ...r, messageId: `m${i}`, key: `m${i}` }]);
        if (disputed) drafts.push([now, { type: 'reply-received', channel: 'email', intent: 'dispute', messageId: 'd', key: 'd' }]);
        if (ceased) drafts.push([now, { type: 'reply-received', channel: 'email', intent: 'cease', messageId: 'c', key: 'c' }]);
        const state = foldAccount(ACCOUNT, events(...drafts));
        const { decision } = decideNext(state, ctx({ now, debtor: place.debtor }));
        if (decision.action !== 'touch') return;
        expect(checkContactHours(now, place.zones).allowed).toBe(true);
        expect(state.optedOut[decision.channel]).toBe(false);
        expect(state.disputed).toBe(false);
        // The one message a ceased account may get is the notice that collection has stopped.
        if (state.ceased) expect(decision.reason).toBe('cease-notice');
      }),
      { numRuns: 2000 },
    );
  });

  it('plans touches in order, never before the cadence allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 20 * 24 }), (sent, hoursLater) => {
        const cadence = DEFAULT_STRATEGY.SoftReminder;
        const drafts: Array<[Date, EventDraft]> = [
          [T0, placed],
          [T0, { type: 'stage-entered', stage: 'SoftReminder', key: 'st' }],
        ];
        for (let n = 1; n <= sent; n++) {
          const at = new Date(T0.getTime() + (n - 1) * cadence.cadenceDays * DAY);
          drafts.push([
            at,
            { type: 'touch-sent', touchId: `t-${n}`, stage: 'SoftReminder', channel: 'email', template: 't', key: `s${n}` },
          ]);
        }
        const state = foldAccount(ACCOUNT, events(...drafts));
        const now = new Date(T0.getTime() + hoursLater * 3_600_000);
        const next = planNextTouch(state, 'SoftReminder', cadence, { email: true, sms: true }, now);
        if (next.kind !== 'touch') return;
        expect(next.touchNumber).toBe(sent + 1);
        const earliest = sent === 0 ? T0.getTime() : T0.getTime() + (sent - 1) * cadence.cadenceDays * DAY + cadence.cadenceDays * DAY;
        expect(next.dueAt.getTime()).toBe(earliest);
      }),
      { numRuns: 1000 },
    );
  });
});
