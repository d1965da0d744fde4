// The page's personas in a simulation, each acting only through the debtor's page as a browser would (the link in its
// message, the form and its nonce, the checkout's Pay button): a part payment that Stripe's signed webhook records, a
// plan within the creditor's terms, a dispute with its reason and note, and inconvenient times every later send keeps.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdFor } from '../../shared/accounts/account.ts';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import { activePlan, foldAccount } from '../../shared/accounts/fold.ts';
import { paymentPlanTermsOf } from '../../shared/strategy/payment-plan.ts';
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { parseCsv } from '../../shared/placements/csv.ts';
import { EXPECTED_OUTCOME, PAGE_INCONVENIENT_TIMES } from '../../local/simulator/personas.ts';
import { simulate, type SimulationRun } from '../../local/simulator/simulate.ts';
import { ROOT } from '../support/simulate-examples.ts';

const PAGE_PERSONAS = {
  'ACC-1044': 'pays-part-on-page',
  'ACC-1045': 'plans-on-page',
  'ACC-1046': 'disputes-on-page',
  'ACC-1047': 'sets-times-on-page',
} as const;

const profileJson = JSON.parse(readFileSync(`${ROOT}examples/creditor-profile.json`, 'utf8'));
const profile = parseCreditorProfile(profileJson);
let run: SimulationRun;

const accountOf = (ref: string) => run.report.accounts.find((a) => a.accountRef === ref)!;
const eventsOf = (ref: string): AccountEvent[] => accountOf(ref).events;

beforeAll(async () => {
  const [header, ...rows] = readFileSync(`${ROOT}examples/placements.csv`, 'utf8').trim().split('\n');
  run = await simulate({
    placementsCsv: `${[header, ...rows.filter((row) => row.split(',')[0]! in PAGE_PERSONAS)].join('\n')}\n`,
    placementsFileName: 'page-personas.csv',
    profile: profileJson,
    behaviour: PAGE_PERSONAS,
    seed: 7,
    start: new Date('2026-03-02T14:00:00Z'),
    horizonDays: 120,
  });
}, 400_000);

afterAll(async () => {
  await run?.platform.close();
});

describe('the page personas', () => {
  it('each ends as its persona should, having acted only through the page (and the processor behind its checkout)', () => {
    for (const [ref, persona] of Object.entries(PAGE_PERSONAS))
      expect([ref, accountOf(ref).outcome]).toEqual([ref, EXPECTED_OUTCOME[persona]]);
    // Their only replies answer the closing survey of the two who paid.
    expect(run.replies.map((r) => [r.accountRef, r.text])).toEqual([
      ['ACC-1044', '5'],
      ['ACC-1045', '5'],
    ]);
    // The creditor's only instructions approve the hand-off of the one who ignores after setting times.
    expect(run.instructions.map((i) => [i.accountRef, i.action])).toEqual([['ACC-1047', 'approve-handoff']]);
    expect(run.pageVisits.map((v) => v.outcome)).toEqual(run.pageVisits.map((v) => ({ done: v.visit.action })));
    const doors = run.report.summary.actionsByDoor;
    expect(doors.page).toBeGreaterThanOrEqual(3);
    expect(doors.processor).toBeGreaterThanOrEqual(2);
    expect([doors.reply, doors.instruction]).toEqual([2, 1]);
  });

  it('records the part payment from the checkout through the signed webhook, as a processor payment', () => {
    const payments = eventsOf('ACC-1044').filter((e) => e.type === 'payment-received');
    expect(payments).toEqual([
      expect.objectContaining({ amountMinor: 32_000, source: 'processor', reference: expect.stringMatching(/^pi_local_/) }),
      expect.objectContaining({ amountMinor: 32_000, source: 'processor', reference: expect.stringMatching(/^pi_local_/) }),
    ]);
    const webhook = run.platform.logs
      .filter((l) => l.function === 'stripe-webhook' && l.message.includes('stripe event'))
      .map((l) => JSON.parse(l.message) as { type: string; outcome: string });
    // Every page payment: the session's event recorded it, the PaymentIntent's repeated it; nothing was refused.
    expect(webhook.filter((l) => l.outcome === 'recorded').map((l) => l.type)).toEqual(
      webhook.filter((l) => l.type === 'checkout.session.completed').map(() => 'checkout.session.completed'),
    );
    expect(new Set(webhook.map((l) => l.outcome))).toEqual(new Set(['recorded', 'duplicate']));
  });

  it("agrees the plan picked on the page, within the creditor's plan terms, and takes its instalments there", () => {
    const state = foldAccount(accountOf('ACC-1045').accountId, eventsOf('ACC-1045'));
    const picked = eventsOf('ACC-1045').find((e) => e.type === 'reply-received');
    expect(picked).toMatchObject({ channel: 'page', intent: 'plan' });
    const plan = activePlan(state)!;
    const terms = paymentPlanTermsOf(profile.policy.paymentPlan, 'USD');
    // The standard option: the creditor's instalments (fewer only to keep each above its minimum), at its interval.
    expect(plan).toMatchObject({ intervalDays: terms.intervalDays, graceDays: terms.graceDays, maxMisses: terms.maxMisses });
    expect(plan.instalments).toBeLessThanOrEqual(terms.instalments);
    expect(plan.instalmentMinor).toBeGreaterThanOrEqual(terms.minInstalmentMinor);
    expect(eventsOf('ACC-1045').filter((e) => e.type === 'payment-received' && e.source === 'processor').length).toBeGreaterThan(0);
  });

  it('holds the account disputed on the page, with the reason, and its note in the review queue', async () => {
    const dispute = eventsOf('ACC-1046').find((e) => e.type === 'reply-received');
    expect(dispute).toMatchObject({ channel: 'page', intent: 'dispute', disputeReason: 'wrong-amount' });
    const review = await run.platform.store.listForReview(profile.creditorId);
    expect(review).toEqual([
      expect.objectContaining({
        accountId: accountOf('ACC-1046').accountId,
        channel: 'page',
        intent: 'dispute',
        text: expect.stringMatching(/saldo/),
      }),
    ]);
    const sentAfter = eventsOf('ACC-1046').filter((e) => e.type === 'touch-sent' && e.at > dispute!.at);
    expect(sentAfter.every((e) => e.type === 'touch-sent' && e.template.startsWith('dispute'))).toBe(true);
  });

  it('sends nothing in the inconvenient times set on the page, in the debtor’s own zone, after they were set', async () => {
    const set = eventsOf('ACC-1047').find((e) => e.type === 'inconvenient-times-set')!;
    expect(set).toMatchObject({ times: [{ daysOfWeek: PAGE_INCONVENIENT_TIMES.days, from: '08:00', to: '12:00' }] });
    const record = await run.platform.store.getAccount(accountIdFor(profile.creditorId, 'ACC-1047'));
    expect(record!.timeZones).toEqual(['America/Los_Angeles']);
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const outbox = run.report.outbox.filter((o) => o.accountRef === 'ACC-1047' && o.status === 'sent');
    const after = outbox.filter((o) => o.at > set.at);
    const before = outbox.filter((o) => o.at <= set.at);
    expect(after.length).toBeGreaterThan(2);
    const inWindow = (at: string) => {
      const parts = Object.fromEntries(local.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
      const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
      const clock = `${parts.hour}:${parts.minute}`;
      return (PAGE_INCONVENIENT_TIMES.days as readonly number[]).includes(weekday) && clock >= '08:00' && clock < '12:00';
    };
    // Before the page said so the platform sent on weekday mornings too (so the window changed what it did).
    expect(before.some((o) => inWindow(o.at))).toBe(true);
    expect(after.filter((o) => inWindow(o.at))).toEqual([]);
  });

  it("puts no debtor PII in the page's URLs, in the page's and the webhook's logs, or in the executions", () => {
    const placements = parseCsv(run.placementsCsv);
    const pii = placements.records.flatMap(({ values }) => {
      const digits = values.phone?.replace(/\D/g, '');
      return [values.debtor_name, values.email, values.address_line1, digits, ...(values.debtor_name ?? '').split(' ')].filter(
        (v): v is string => Boolean(v && v.length > 3),
      );
    });
    // And the debtor's own words: the dispute's note.
    pii.push(...run.pageVisits.flatMap((v) => (v.visit.action === 'dispute' ? [v.visit.note] : [])));
    const urls = run.pageVisits.flatMap((v) => v.urls);
    expect(urls.length).toBeGreaterThanOrEqual(4 * run.pageVisits.length - 3);
    for (const url of urls)
      expect([...new URL(url).searchParams.keys()].every((k) => ['t', 'lang', 'done', 'problem'].includes(k))).toBe(true);
    const logs = run.platform.logs.filter((l) => l.function === 'portal' || l.function === 'stripe-webhook');
    expect(new Set(logs.map((l) => l.function))).toEqual(new Set(['portal', 'stripe-webhook']));
    const executions = JSON.stringify(run.platform.stepFunctions.executions());
    const seen = [decodeURIComponent(urls.join('\n')), logs.map((l) => l.message).join('\n'), executions];
    expect(pii.filter((value) => seen.some((text) => text.includes(value)))).toEqual([]);
  });
});
