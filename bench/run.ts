// Benchmarks: figures and ratios against a baseline measured in the same run. Never timing assertions.
//   npm run bench            → prints the figures and writes bench/results/latest.json
import { readFileSync } from 'node:fs';
import { eventFromDraft, type AccountEvent, type EventDraft } from '../shared/accounts/events.ts';
import { foldAccount } from '../shared/accounts/fold.ts';
import { decideNext } from '../shared/strategy/plan.ts';
import { DEFAULT_STRATEGY } from '../shared/strategy/strategy.ts';
import { paymentPlanTermsOf } from '../shared/strategy/payment-plan.ts';
import { paymentPlanPolicySchema } from '../shared/creditors/profile.ts';
import { simulate } from '../local/simulator/simulate.ts';
import { evenMix } from './even-mix.ts';
import { figureOf, interleaved, writeBenchResult, type Figure } from './figures.ts';

const results: Record<string, unknown> = {};
const figures: Figure[] = [];

/** Operations per second of `fn`, over at least `ms` milliseconds. */
function rate(fn: (i: number) => void, ms = 1000): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let k = 0; k < 1000; k++) fn(n++);
  }
  return n / ((performance.now() - start) / 1000);
}

// 1. Planning one step (fold + decide) against the bare time-zone conversion it needs.
{
  const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
  const formatters = zones.map(
    (timeZone) => new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }),
  );
  const t0 = Date.parse('2026-03-02T15:00:00Z');
  const drafts: EventDraft[] = [
    { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme', key: 'placed' },
    { type: 'stage-entered', stage: 'SoftReminder', key: 'st' },
    { type: 'touch-sent', touchId: 't-1', stage: 'SoftReminder', channel: 'email', template: 't', key: 's1' },
    { type: 'reply-received', channel: 'sms', intent: 'other', messageId: 'm', key: 'm' },
  ];
  const events: AccountEvent[] = drafts.map((d, i) => ({ ...eventFromDraft('acc-bench', new Date(t0), d), seq: i + 1 }));
  const measured = await interleaved({
    conversions: () => rate((i) => formatters[i % 4]!.formatToParts(t0 + i * 60_000)),
    planning: () =>
      rate((i) =>
        decideNext(foldAccount('acc-bench', events), {
          now: new Date(t0 + (i % 20_000) * 60_000),
          stage: 'SoftReminder',
          strategy: DEFAULT_STRATEGY,
          handoff: { approvalTimeoutDays: 7 },
          paymentPlan: paymentPlanTermsOf(paymentPlanPolicySchema.parse({}), 'USD'),
          debtor: i % 2 === 0 ? { address: { state: 'NY', zip: '10001' } } : { address: { state: 'TX' }, phone: '+19155550100' },
          reachable: { email: true, sms: true },
        }),
      ),
  });
  figures.push(
    figureOf('planning steps (fold + decide)', 'per s', measured.planning, {
      name: 'time-zone conversions (formatToParts)',
      values: measured.conversions,
    }),
  );
}

// 2. The offline platform: the example portfolio and a larger synthetic one, with state transitions per touch.
async function simulation(label: string, placementsCsv: string, behaviour: Record<string, string>) {
  const profile = JSON.parse(readFileSync(new URL('../examples/creditor-profile.json', import.meta.url), 'utf8'));
  const started = performance.now();
  const { report, platform } = await simulate({
    placementsCsv,
    placementsFileName: `${label}.csv`,
    profile,
    behaviour,
    seed: 7,
    start: new Date('2026-03-02T14:00:00Z'),
    horizonDays: 120,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  await platform.close();
  // A touch is a planned message, sent or suppressed; per message sent is the stricter figure.
  const byPersona: Record<
    string,
    {
      accounts: number;
      transitions: number;
      sent: number;
      suppressed: number;
      perAccount: number;
      perTouch: number;
      perMessageSent: number;
    }
  > = {};
  for (const a of report.accounts) {
    byPersona[a.persona] ??= { accounts: 0, transitions: 0, sent: 0, suppressed: 0, perAccount: 0, perTouch: 0, perMessageSent: 0 };
    const entry = byPersona[a.persona]!;
    entry.accounts += 1;
    entry.transitions += a.transitions;
    entry.sent += a.touches.sent;
    entry.suppressed += a.touches.suppressed;
  }
  for (const entry of Object.values(byPersona)) {
    entry.perAccount = +(entry.transitions / entry.accounts).toFixed(1);
    entry.perTouch = +(entry.transitions / Math.max(1, entry.sent + entry.suppressed)).toFixed(2);
    entry.perMessageSent = +(entry.transitions / Math.max(1, entry.sent)).toFixed(2);
  }
  const touches = report.accounts.reduce((n, a) => n + a.touches.sent + a.touches.suppressed, 0);
  return {
    accounts: report.summary.placed,
    wallSeconds: +wallSeconds.toFixed(2),
    accountsPerWallSecond: +(report.summary.placed / wallSeconds).toFixed(1),
    stateTransitions: report.summary.stateTransitions,
    messagesSent: report.summary.messagesSent,
    transitionsPerMessage: report.summary.transitionsPerTouch,
    transitionsPerTouch: +(report.summary.stateTransitions / Math.max(1, touches)).toFixed(2),
    transitionsPerAccount: +(report.summary.stateTransitions / report.summary.placed).toFixed(1),
    byPersona,
  };
}

const examples = readFileSync(new URL('../examples/placements.csv', import.meta.url), 'utf8');
const behaviour = JSON.parse(readFileSync(new URL('../examples/behaviour.json', import.meta.url), 'utf8'));
results.examples = await simulation('examples', examples, behaviour);

// 200 accounts: the example rows repeated under new references, personas cycling.
{
  const mix = evenMix(200);
  const large = await simulation('bench-200', mix.placementsCsv, mix.behaviour);
  const small = results.examples as { accountsPerWallSecond: number };
  results.portfolio200 = { ...large, throughputRatioToExamples: +(large.accountsPerWallSecond / small.accountsPerWallSecond).toFixed(2) };
}

writeBenchResult('simulation', figures, results);
process.stdout.write(`${JSON.stringify({ figures, ...results }, null, 2)}\n`);
