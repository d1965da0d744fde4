// Delivery events through the real stack offline: messages to AWS's simulator addresses and numbers come back as SES
// events on the default bus and End User Messaging SMS events on SNS, reach the delivery-events handler by the
// template's rule and subscription, and change the accounts as the provider's word says.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_REPORT_TYPES, orderEvents, type AccountEvent, type DeliveryReport } from '../../shared/accounts/events.ts';
import { sentSmsMessage, smsDeliveryRecord } from '../../local/event-sources.ts';
import { HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template(), 300_000);
afterEach(async () => world?.close());

const isDeliveryReport = (e: AccountEvent): e is AccountEvent & DeliveryReport =>
  (DELIVERY_REPORT_TYPES as readonly string[]).includes(e.type);
const deliveryEvents = async (w: World, ref: string) =>
  orderEvents((await w.platform.store.loadHistory(w.accountId(ref)))!.events).filter(isDeliveryReport);

describe('delivery events', () => {
  it('a hard bounce, a complaint, a failing number and a carrier block change the accounts; deliveries are recorded', async () => {
    world = await World.start([
      { ref: 'BOUNCE', email: 'bounce@simulator.amazonses.com', phone: '(212) 555-0131' },
      { ref: 'COMPLAINT', email: 'complaint@simulator.amazonses.com', phone: '(212) 555-0132' },
      { ref: 'FAILS', phone: '(425) 414-7167' },
      { ref: 'SUCCESS', email: 'success+d1@simulator.amazonses.com', phone: '(425) 414-7755' },
      { ref: 'BLOCKED', phone: '(212) 555-0133' },
    ]);
    const w = world;
    // No simulator number reports a carrier block: End User Messaging's TEXT_BLOCKED for the first text, twice.
    w.at(2 * HOUR, async () => {
      const text = w.platform.sms.sent.find((m) => m.touchId.startsWith(w.accountId('BLOCKED')))!;
      const record = smsDeliveryRecord('TEXT_BLOCKED', sentSmsMessage(text), new Date());
      await w.platform.publishSmsEvent(record);
      await w.platform.publishSmsEvent(record);
    });
    await w.runFor(30);
    expect(w.platform.failedInvocations).toEqual([]);

    const bounced = await w.state('BOUNCE');
    expect(bounced.unreachable).toEqual({ email: true, sms: false });
    expect(await deliveryEvents(w, 'BOUNCE')).toMatchObject([
      {
        type: 'delivery-bounced',
        channel: 'email',
        bounceType: 'permanent',
        detail: 'General',
        touchId: `${w.accountId('BOUNCE')}-softreminder-1`,
      },
    ]);
    // After the bounce, no more mail to the address; texts go on.
    const bouncedAt = (await deliveryEvents(w, 'BOUNCE'))[0]!.at;
    const toBounce = w.platform.email.sent.filter((m) => m.to === 'bounce@simulator.amazonses.com');
    expect(toBounce.filter((m) => m.at > bouncedAt)).toEqual([]);
    expect(w.platform.sms.sent.filter((m) => m.touchId.startsWith(w.accountId('BOUNCE')) && m.at > bouncedAt).length).toBeGreaterThan(0);

    const complained = await w.state('COMPLAINT');
    expect(complained.optedOut).toEqual({ email: true, sms: false });
    expect((await deliveryEvents(w, 'COMPLAINT')).map((e) => e.type)).toEqual(['delivery-delivered', 'delivery-complained']);

    expect((await w.state('FAILS')).unreachable).toEqual({ email: false, sms: true });
    expect(await deliveryEvents(w, 'FAILS')).toMatchObject([
      { type: 'delivery-failed', channel: 'sms', status: 'TEXT_UNREACHABLE', permanent: true },
    ]);
    expect(w.platform.sms.sent.filter((m) => m.to === '+14254147167')).toHaveLength(1);

    const success = await deliveryEvents(w, 'SUCCESS');
    expect(success.length).toBeGreaterThan(1);
    expect(new Set(success.map((e) => `${e.type}:${e.channel}`))).toEqual(new Set(['delivery-delivered:email', 'delivery-delivered:sms']));
    const successState = await w.state('SUCCESS');
    expect([successState.unreachable, successState.optedOut]).toEqual([
      { email: false, sms: false },
      { email: false, sms: false },
    ]);

    // The same SMS event twice is one event.
    expect(await deliveryEvents(w, 'BLOCKED')).toMatchObject([{ type: 'sms-carrier-opt-out', channel: 'sms', status: 'TEXT_BLOCKED' }]);
    expect((await w.state('BLOCKED')).optedOut.sms).toBe(true);
  });
});
