// What each provider report means for the account: the mapping of SES and End User Messaging SMS event types to
// delivery events, and the fold's effect of them (a report only ever makes contact safer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountEvent, Channel, DeliveryResult } from '../../shared/accounts/events.ts';
import { applyEvent, foldAccount, initialState } from '../../shared/accounts/fold.ts';
import { emailReport, SMS_EVENT_TYPES, smsReport } from '../../shared/usecases/record-delivery-event.ts';

const ACCOUNT = 'acc-0123456789abcdef01234567';
let n = 0;
const event = (result: DeliveryResult): AccountEvent =>
  ({
    ...result,
    touchId: 't',
    messageId: `m-${n}`,
    eventId: `${ACCOUNT}:e${n}`,
    accountId: ACCOUNT,
    at: '2026-03-02T15:00:00Z',
    seq: ++n,
  }) as AccountEvent;
const placed: AccountEvent = {
  type: 'placed',
  balanceMinor: 100,
  currency: 'USD',
  creditorId: 'c',
  eventId: 'p',
  accountId: ACCOUNT,
  at: '2026-03-01T00:00:00Z',
  seq: 0,
};
const flags = (events: AccountEvent[]) => {
  const s = foldAccount(ACCOUNT, [placed, ...events]);
  return { unreachable: s.unreachable, optedOut: s.optedOut };
};

describe('SES reports', () => {
  it('a permanent bounce is permanent; transient and undetermined ones are not', () => {
    expect(
      emailReport({ eventType: 'Bounce', messageId: 'm', tags: {}, bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail' } }),
    ).toEqual({
      type: 'delivery-bounced',
      channel: 'email',
      bounceType: 'permanent',
      detail: 'NoEmail',
    });
    for (const bounceType of ['Transient', 'Undetermined']) {
      expect(
        emailReport({ eventType: 'Bounce', messageId: 'm', tags: {}, bounce: { bounceType, bounceSubType: 'General' } }),
      ).toMatchObject({
        bounceType: 'transient',
      });
    }
  });

  it('a complaint is a complaint, a delivery a delivery, a reject a failure that is not the address', () => {
    expect(emailReport({ eventType: 'Complaint', messageId: 'm', tags: {}, complaint: { complaintSubType: null } })).toEqual({
      type: 'delivery-complained',
      channel: 'email',
      detail: 'complaint',
    });
    expect(emailReport({ eventType: 'Delivery', messageId: 'm', tags: {} })).toEqual({ type: 'delivery-delivered', channel: 'email' });
    expect(emailReport({ eventType: 'Reject', messageId: 'm', tags: {}, reject: { reason: 'Bad content' } })).toEqual({
      type: 'delivery-failed',
      channel: 'email',
      status: 'Reject',
      permanent: false,
    });
  });
});

describe('SMS reports', () => {
  it('maps every final SMS event type the configuration set publishes, and nothing that is not final', () => {
    const kinds = Object.fromEntries(SMS_EVENT_TYPES.map((t) => [t, smsReport({ eventType: t, messageId: 'm', context: {} })]));
    expect(
      Object.entries(kinds)
        .filter(([, r]) => r?.type === 'delivery-delivered')
        .map(([t]) => t),
    ).toEqual(['TEXT_DELIVERED', 'TEXT_SUCCESSFUL']);
    expect(
      Object.entries(kinds)
        .filter(([, r]) => r?.type === 'sms-carrier-opt-out')
        .map(([t]) => t),
    ).toEqual(['TEXT_BLOCKED']);
    expect(
      Object.entries(kinds)
        .filter(([, r]) => r?.type === 'delivery-failed' && r.permanent)
        .map(([t]) => t),
    ).toEqual(['TEXT_INVALID', 'TEXT_UNREACHABLE']);
    for (const pending of ['TEXT_PENDING', 'TEXT_QUEUED', 'TEXT_SENT'])
      expect(smsReport({ eventType: pending, messageId: 'm', context: {} })).toBeUndefined();
  });
});

describe('the fold', () => {
  it('acts on a hard bounce, a permanent failure, a complaint and a carrier block, each on its own channel', () => {
    expect(flags([event({ type: 'delivery-bounced', channel: 'email', bounceType: 'permanent', detail: 'General' })])).toEqual({
      unreachable: { email: true, sms: false },
      optedOut: { email: false, sms: false },
    });
    expect(flags([event({ type: 'delivery-failed', channel: 'sms', status: 'TEXT_INVALID', permanent: true })]).unreachable).toEqual({
      email: false,
      sms: true,
    });
    expect(flags([event({ type: 'delivery-complained', channel: 'email', detail: 'abuse' })]).optedOut).toEqual({
      email: true,
      sms: false,
    });
    expect(flags([event({ type: 'sms-carrier-opt-out', channel: 'sms', status: 'TEXT_BLOCKED' })]).optedOut).toEqual({
      email: false,
      sms: true,
    });
    const quiet = flags([
      event({ type: 'delivery-delivered', channel: 'sms' }),
      event({ type: 'delivery-bounced', channel: 'email', bounceType: 'transient', detail: 'MailboxFull' }),
      event({ type: 'delivery-failed', channel: 'sms', status: 'TEXT_CARRIER_UNREACHABLE', permanent: false }),
    ]);
    expect(quiet).toEqual({ unreachable: { email: false, sms: false }, optedOut: { email: false, sms: false } });
  });

  it('never makes a channel reachable again or opts a debtor back in, whatever the reports and their order (property)', () => {
    const channel = fc.constantFrom<Channel>('email', 'sms');
    const result: fc.Arbitrary<DeliveryResult> = fc.oneof(
      channel.map((c) => ({ type: 'delivery-delivered' as const, channel: c })),
      fc
        .constantFrom('permanent' as const, 'transient' as const)
        .map((b) => ({ type: 'delivery-bounced' as const, channel: 'email' as const, bounceType: b, detail: 'x' })),
      fc.constant({ type: 'delivery-complained' as const, channel: 'email' as const, detail: 'abuse' }),
      fc.tuple(channel, fc.boolean()).map(([c, permanent]) => ({ type: 'delivery-failed' as const, channel: c, status: 'X', permanent })),
      fc.constant({ type: 'sms-carrier-opt-out' as const, channel: 'sms' as const, status: 'TEXT_BLOCKED' }),
    );
    fc.assert(
      fc.property(fc.array(result, { maxLength: 12 }), (results) => {
        let state = applyEvent(initialState(ACCOUNT), placed);
        for (const r of results) {
          const next = applyEvent(state, event(r));
          for (const c of ['email', 'sms'] as const) {
            if (state.unreachable[c]) expect(next.unreachable[c]).toBe(true);
            if (state.optedOut[c]) expect(next.optedOut[c]).toBe(true);
            // Only the channel the report is about changes.
            if (c !== r.channel) expect([next.unreachable[c], next.optedOut[c]]).toEqual([state.unreachable[c], state.optedOut[c]]);
          }
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});
