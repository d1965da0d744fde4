// The simulator's count of actions by the door they came through: reply, page, instruction, processor.
import { describe, expect, it } from 'vitest';
import type { AccountEvent, EventDraft } from '../../shared/accounts/events.ts';
import { countActionsByDoor, doorOf } from '../../local/simulator/report.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Fact = DistributiveOmit<EventDraft, 'key'>;

const event = (fact: Fact, accountId = 'acc-1'): AccountEvent =>
  ({ ...fact, eventId: `${accountId}:${fact.type}`, accountId, at: '2026-03-02T14:00:00.000Z' }) as AccountEvent;
const reply = (
  channel: 'sms' | 'email' | 'page',
  messageId: string,
  intent: 'dispute' | 'promise' | 'plan' = 'promise',
  accountId?: string,
) => event({ type: 'reply-received', channel, intent, messageId }, accountId);

describe('actions by door', () => {
  it('tells each door by the event that records its action', () => {
    expect(doorOf(reply('sms', 'm1'))).toBe('reply');
    expect(doorOf(reply('email', 'm2'))).toBe('reply');
    expect(doorOf(reply('page', 'f1'))).toBe('page');
    expect(doorOf(event({ type: 'opted-out', channel: 'sms', via: 'page' }))).toBe('page');
    expect(doorOf(event({ type: 'inconvenient-times-set', times: [] }))).toBe('page');
    expect(doorOf(event({ type: 'payment-received', amountMinor: 100, source: 'processor', reference: 'pi_1' }))).toBe('processor');
    expect(doorOf(event({ type: 'payment-received', amountMinor: 100, source: 'creditor', reference: 'r1' }))).toBe('instruction');
    expect(doorOf(event({ type: 'dispute-resolved', resolution: 'verified' }))).toBe('instruction');
    expect(doorOf(event({ type: 'recalled', forced: false }))).toBe('instruction');
    expect(doorOf(event({ type: 'handoff-approved', by: 'creditor' }))).toBe('instruction');
  });

  it('leaves out what the platform did itself and opt-outs that came another way', () => {
    expect(doorOf(event({ type: 'opted-out', channel: 'email', via: 'one-click-unsubscribe' }))).toBeUndefined();
    expect(doorOf(event({ type: 'opted-out', channel: 'sms', via: 'carrier' }))).toBeUndefined();
    expect(doorOf(event({ type: 'handoff-approved', by: 'policy' }))).toBeUndefined();
    expect(doorOf(event({ type: 'handoff-declined', by: 'timeout' }))).toBeUndefined();
    expect(doorOf(event({ type: 'stage-entered', stage: 'SoftReminder' }))).toBeUndefined();
    expect(doorOf(event({ type: 'page-link-sent', channel: 'email' }))).toBeUndefined();
  });

  it('counts a reply that says two things once, and the same message id on two accounts twice', () => {
    const counts = countActionsByDoor([
      reply('sms', 'm1', 'promise'),
      reply('sms', 'm1', 'dispute'),
      reply('sms', 'm1', 'promise', 'acc-2'),
      reply('email', 'm1'),
      reply('page', 'f1', 'plan'),
      event({ type: 'inconvenient-times-set', times: [] }),
      event({ type: 'payment-received', amountMinor: 100, source: 'processor', reference: 'pi_1' }),
      event({ type: 'balance-adjusted', amountMinor: -100, reference: 'a1' }),
      event({ type: 'touch-sent', touchId: 't1', stage: 'SoftReminder', channel: 'sms', template: 'soft-reminder' }),
    ]);
    expect(counts).toEqual({ reply: 3, page: 2, instruction: 1, processor: 1 });
  });

  it('gives every door a count, zero when nothing came through it', () => {
    expect(countActionsByDoor([])).toEqual({ reply: 0, page: 0, instruction: 0, processor: 0 });
  });
});
