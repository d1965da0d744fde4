// The real Lifecycle definition, synthesized from the CDK app, run offline through each path.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('Lifecycle paths (real definition, offline)', () => {
  it('paid: a payment wakes the reply window; the debtor is thanked, asked one question, and the account resolves', async () => {
    world = await World.start([{ ref: 'A1', email: 'a1@example.com' }]);
    world.at(2 * HOUR, () => world!.instruct('pay', [{ action: 'payment', account_ref: 'A1', amount: '500.00', reference: 'r-1' }]));
    // The survey's answer, a day after the thank-you.
    world.at(DAY + 4 * HOUR, async () => {
      const survey = world!.platform.email.sent.at(-1)!;
      await world!.platform.receiveEmail(
        [
          'From: a1@example.com',
          `To: ${survey.replyTo}`,
          'Subject: Re: One quick question',
          'Content-Type: text/plain; charset=utf-8',
          '',
          '5',
          '',
        ].join('\r\n'),
        { from: 'a1@example.com', to: [survey.replyTo], subject: 'Re: One quick question' },
      );
    });
    await world.runFor(30);
    const state = await world.state('A1');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'paid', collectedMinor: 50_000, csat: 5 });
    expect(world.execution('A1').status).toBe('SUCCEEDED');
    const sent = world.platform.email.sent.map((m) => m.touchId.split('-').at(-1));
    expect(sent).toEqual(['1', '2', '3']);
    const events = (await world.platform.store.loadHistory(world.accountId('A1')))!.events;
    const templates = events.flatMap((e) => (e.type === 'touch-sent' ? [e.template.split('.')[0]] : []));
    expect(templates).toEqual(['soft-reminder', 'thank-you', 'survey']);
    // Woken by the payment two hours in (not by the four-day reply window), thanked at once; resolved on the answer.
    const at = (template: string) => events.find((e) => e.type === 'touch-sent' && e.template.startsWith(template))!.at;
    expect(Date.parse(at('thank-you')) - Date.parse(at('soft-reminder'))).toBe(2 * HOUR);
    const resolved = events.find((e) => e.type === 'resolved')!;
    expect(Date.parse(resolved.at) - Date.parse(at('soft-reminder'))).toBe(DAY + 4 * HOUR);
  });

  it("paid through the payment link: the processor's event, delivered twice, is one payment and resolves the account", async () => {
    world = await World.start([{ ref: 'E1', email: 'e1@example.com' }]);
    const payment = { creditorId: world.creditorId, accountRef: 'E1', amount: '500.00', currency: 'USD', reference: 'ch_e1' };
    world.at(2 * HOUR, () => world!.platform.putEvent('tactful.payments', 'Payment Received', payment));
    world.at(3 * HOUR, () => world!.platform.putEvent('tactful.payments', 'Payment Received', payment));
    await world.runFor(10);
    const state = await world.state('E1');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'paid', collectedMinor: 50_000 });
    const events = (await world.platform.store.loadHistory(world.accountId('E1')))!.events;
    expect(events.filter((e) => e.type === 'payment-received')).toMatchObject([{ source: 'processor', reference: 'ch_e1' }]);
  });

  it('overpaid: more than the balance resolves as paid, and the thank-you says nothing is owed', async () => {
    world = await World.start([{ ref: 'O1', balance: '100.00', email: 'o1@example.com' }]);
    world.at(2 * HOUR, () => world!.instruct('pay', [{ action: 'payment', account_ref: 'O1', amount: '120.00', reference: 'r-o1' }]));
    await world.runFor(10);
    expect(await world.state('O1')).toMatchObject({ status: 'resolved', outcome: 'paid', balanceMinor: -2_000, collectedMinor: 12_000 });
    const thanks = world.platform.email.sent.find((m) => m.subject.startsWith('Thank you'))!;
    expect(thanks.text).toContain('Your balance is now $0.00');
    expect(world.execution('O1').status).toBe('SUCCEEDED');
  });

  it('STOP: an SMS opt-out stops texts at once and collection goes on by email', async () => {
    world = await World.start([{ ref: 'S1', balance: '100.00', email: 's1@example.com', phone: '(212) 555-0101' }]);
    world.at(4 * DAY + 1 * HOUR, () => world!.textBack('S1', 'stop'));
    await world.runFor(120);
    const state = await world.state('S1');
    expect(state.optedOut).toEqual({ email: false, sms: true });
    const stopAt = (await world.platform.store.loadHistory(world.accountId('S1')))!.events.find((e) => e.type === 'reply-received')!.at;
    const textsAfter = world.platform.sms.sent.filter((m) => m.at > stopAt);
    expect(textsAfter).toEqual([]);
    expect(world.platform.email.sent.filter((m) => m.at > stopAt).length).toBeGreaterThan(0);
    expect(state.attempts.filter((a) => a.status === 'suppressed').every((a) => a.reason === 'opted-out:sms')).toBe(true);
    expect(state.outcome).toBe('uncollectible');
  });

  it('dispute: a dispute holds all collection and the account stays parked', async () => {
    world = await World.start([{ ref: 'D1', email: 'd1@example.com', phone: '(212) 555-0102' }]);
    world.at(4 * DAY + HOUR, () => world!.textBack('D1', 'I dispute this, not my debt'));
    await world.runFor(90);
    const state = await world.state('D1');
    expect(state).toMatchObject({ status: 'active', disputed: true });
    const disputedAt = (await world.platform.store.loadHistory(world.accountId('D1')))!.events.find((e) => e.type === 'reply-received')!.at;
    const sentAfter = [...world.platform.email.sent, ...world.platform.sms.sent].filter((m) => m.at > disputedAt);
    expect(sentAfter).toEqual([]);
    expect(world.execution('D1').status).toBe('RUNNING');
    expect(world.statesEntered('D1').at(-1)).toBe('Act');
    expect(world.actsTaken('D1').at(-1)).toBe('wait');
  });

  it('promise kept: escalation pauses until the promised date and the payment resolves the account', async () => {
    world = await World.start([{ ref: 'P1', phone: '(212) 555-0103' }]);
    world.at(HOUR, () => world!.textBack('P1', "I'll pay on friday"));
    // Friday 2026-03-06, afternoon.
    world.at(4 * DAY + 3 * HOUR, () =>
      world!.instruct('pay', [{ action: 'payment', account_ref: 'P1', amount: '500.00', reference: 'r-p1' }]),
    );
    await world.runFor(30);
    const state = await world.state('P1');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'paid' });
    // Only the first touch asked for money: the promise paused the cadence; then came the thank-you and the survey.
    const asked = (await world.platform.store.loadHistory(world.accountId('P1')))!.events.flatMap((e) =>
      e.type === 'touch-sent' ? [e.template.split('.')[0]] : [],
    );
    expect(asked).toEqual(['soft-reminder', 'thank-you', 'survey']);
  });

  it('promise broken: escalation resumes after the promised date and grace', async () => {
    world = await World.start([{ ref: 'B1', phone: '(212) 555-0104' }]);
    world.at(HOUR, () => world!.textBack('B1', "I'll pay on friday"));
    await world.runFor(20);
    const events = (await world.platform.store.loadHistory(world.accountId('B1')))!.events;
    const broken = events.find((e) => e.type === 'promise-broken');
    expect(broken).toMatchObject({ promiseDate: '2026-03-06' });
    const escalation = events.find((e) => e.type === 'stage-entered' && e.stage === 'Escalation')!;
    // Friday + 2 days' grace, end of day: the next touch waits for it, then escalates.
    expect(escalation.at >= '2026-03-08T23:59:59.000Z').toBe(true);
    const sentInEscalation = events.filter((e) => e.type === 'touch-sent' && e.stage === 'Escalation');
    expect(sentInEscalation.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'touch-sent' && e.stage === 'SoftReminder')).toHaveLength(1);
  });

  it('ignored: escalation exhausted → creditor approves the hand-off → third party → uncollectible', async () => {
    // Above the example profile's auto-approval threshold, so the creditor is asked.
    world = await World.start([{ ref: 'I1', balance: '900.00', email: 'i1@example.com', phone: '(212) 555-0105' }]);
    world.platform.files.onPut(({ key }) => {
      if (key.includes('/outbox/handoff-requests/')) {
        world!.at(Date.now() - Date.parse('2026-03-02T14:00:00Z') + DAY, () =>
          world!.instruct('approve', [{ action: 'approve-handoff', account_ref: 'I1' }]),
        );
      }
    });
    await world.runFor(120);
    const state = await world.state('I1');
    expect(state).toMatchObject({ status: 'resolved', outcome: 'uncollectible', handoff: 'approved' });
    const entered = world.statesEntered('I1');
    const acts = world.actsTaken('I1');
    expect(acts).toContain('request-approval');
    expect(acts.lastIndexOf('touch')).toBeGreaterThan(acts.indexOf('request-approval'));
    expect(acts.at(-1)).toBe('resolve');
    expect(entered.slice(-4)).toEqual(['Plan', 'Act', 'Woken', 'Resolved']);
    const thirdPartyMail = world.platform.email.sent.filter((m) => m.touchId.includes('-thirdparty-'));
    expect(thirdPartyMail.length).toBeGreaterThan(0);
    expect(thirdPartyMail.every((m) => m.fromAddress === process.env.AGENCY_EMAIL)).toBe(true);
    expect(thirdPartyMail[0]!.text).toMatch(/debt collector/i);
    // The agency's first email carries the validation information, with a dispute one reply away.
    expect(thirdPartyMail[0]!.text).toMatch(/How can you dispute the debt\?/);
    expect(thirdPartyMail[0]!.text).toContain(thirdPartyMail[0]!.replyTo);
    expect(thirdPartyMail[0]!.text).toContain(process.env.AGENCY_ADDRESS!);
    expect(thirdPartyMail[1]!.text).not.toMatch(/How can you dispute the debt\?/);
  });

  it('phone only: the agency mails the validation notice, then texts; the period runs from the assumed delivery', async () => {
    // Below the example profile's auto-approval threshold: handed off without asking.
    world = await World.start([{ ref: 'L1', balance: '100.00', phone: '(212) 555-0106', zip: '10001' }]);
    await world.runFor(120);
    expect(await world.state('L1')).toMatchObject({ status: 'resolved', outcome: 'uncollectible', handoff: 'approved' });
    const letters = world.platform.letters.sent;
    expect(letters).toHaveLength(1);
    expect(letters[0]!.html).toContain('How can you dispute the debt?');
    expect(letters[0]!.html).toContain('1 Main St');
    const events = (await world.platform.store.loadHistory(world.accountId('L1')))!.events;
    const mailed = events.find((e) => e.type === 'validation-letter-mailed')!;
    expect(mailed).toMatchObject({ providerId: letters[0]!.providerId, expectedDeliveryDate: letters[0]!.expectedDeliveryDate });
    const agencyTexts = world.platform.sms.sent.filter((m) => m.touchId.includes('-thirdparty-'));
    expect(agencyTexts.length).toBeGreaterThan(1);
    expect(agencyTexts.every((m) => m.at >= mailed.at)).toBe(true);
    expect(events.some((e) => e.type === 'touch-suppressed' && e.reason.startsWith('validation-notice'))).toBe(false);
  });

  it('recall and notices: a creditor instruction ends the account at once with its outcome', async () => {
    world = await World.start([
      { ref: 'R1', email: 'r1@example.com' },
      { ref: 'K1', email: 'k1@example.com' },
    ]);
    world.at(DAY, () =>
      world!.instruct('stops', [
        { action: 'recall', account_ref: 'R1' },
        { action: 'Bankruptcy', account_ref: 'K1' },
      ]),
    );
    await world.runFor(10);
    expect(await world.state('R1')).toMatchObject({ status: 'resolved', outcome: 'recalled' });
    expect(await world.state('K1')).toMatchObject({ status: 'resolved', outcome: 'bankruptcy' });
    const resolvedAt = (await world.platform.store.loadHistory(world.accountId('R1')))!.events.find((e) => e.type === 'resolved')!.at;
    expect(Date.parse(resolvedAt) - Date.parse('2026-03-02T14:00:00Z')).toBe(DAY);
  });

  it('hand-off not answered: the stated default returns the account to the creditor', async () => {
    world = await World.start([{ ref: 'N1', balance: '900.00', email: 'n1@example.com' }]);
    await world.runFor(120);
    expect(await world.state('N1')).toMatchObject({ status: 'resolved', outcome: 'returned-to-creditor', handoff: 'declined' });
    const row = await world.platform.files.getText(`creditors/${world.creditorId}/outbox/returned/${world.accountId('N1')}.csv`);
    expect(row).toMatch(/^account_ref,balance,currency,collected,reason,returned_at\r\nN1,900\.00,USD,0\.00,handoff-declined-by-timeout,/);
  });

  it('a customer tier the creditor never hands off goes back to it without asking', async () => {
    world = await World.start(
      [
        { ref: 'G1', balance: '100.00', email: 'g1@example.com', tier: 'gold' },
        { ref: 'S1', balance: '100.00', email: 's1@example.com', tier: 'standard' },
      ],
      { policy: { handoff: { autoApproveBelow: '250.00', neverHandOffTiers: ['gold'] } } },
    );
    await world.runFor(120);
    expect(await world.state('G1')).toMatchObject({ status: 'resolved', outcome: 'returned-to-creditor', handoffDeclinedBy: 'policy' });
    expect(world.platform.email.sent.some((m) => m.touchId.startsWith(world!.accountId('G1')) && m.touchId.includes('thirdparty'))).toBe(
      false,
    );
    expect(await world.state('S1')).toMatchObject({ status: 'resolved', outcome: 'uncollectible', handoff: 'approved' });
    const row = await world.platform.files.getText(`creditors/${world.creditorId}/outbox/returned/${world.accountId('G1')}.csv`);
    expect(row).toContain('handoff-declined-by-policy');
  });
});
