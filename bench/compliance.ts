// Contact-engine benchmark: decisions per second on one core for a realistic mix of debtors, against the bare
// time-zone conversion measured in the same run (one Intl.DateTimeFormat#formatToParts per decision), then a large
// property run against the reference. Figures and ratios, never timing assertions.
//   node bench/compliance.ts            → prints the figures and writes bench/results/compliance.json
//   node bench/compliance.ts --quick    → a smaller property run
import fc from 'fast-check';
import { candidateTimeZones, evaluateContact, type ContactChannel, type ContactRequest } from '../shared/compliance/evaluate.ts';
import {
  arbitraries,
  propertyNextAllowedIsEarliest,
  propertyReasonsMatchReference,
  propertySendingAtNextAllowedKeepsTheRules,
} from '../test/support/compliance-testkit.ts';
import { figureOf, interleaved, writeBenchResult } from './figures.ts';

const quick = process.argv.includes('--quick');
const DAY = 86_400_000;
const results: Record<string, unknown> = {};

/** A small seeded generator, so that every run measures the same mix. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(20_261_123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number): boolean => random() < p;

// ---- the mix ----

/** ZIP codes with a phone area code of the same place: the common, single-zone debtor. */
const METROS: ReadonlyArray<[string, string]> = [
  ['10001', '212'],
  ['60611', '312'],
  ['90012', '213'],
  ['77001', '713'],
  ['85001', '602'],
  ['80202', '303'],
  ['98101', '206'],
  ['33101', '305'],
  ['30301', '404'],
  ['02108', '617'],
  ['19103', '215'],
  ['48226', '313'],
  ['55401', '612'],
  ['63101', '314'],
  ['97201', '503'],
  ['84101', '801'],
  ['89101', '702'],
  ['37201', '615'],
  ['28202', '704'],
  ['96813', '808'],
  ['46204', '317'],
  ['43215', '614'],
  ['78701', '512'],
  ['92101', '619'],
];
const SPLIT_STATES = ['KY', 'TN', 'FL', 'IN', 'MI', 'TX', 'KS', 'NE', 'ND', 'SD', 'ID', 'OR', 'AZ', 'AK'];

type Debtor = Pick<ContactRequest, 'address' | 'phone'>;

function subscriber(): string {
  return `${2 + Math.floor(random() * 8)}${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
}

function debtor(): Debtor {
  const roll = random();
  if (roll < 0.75) {
    const [zip, area] = pick(METROS);
    return { address: { zip, state: '' }, phone: `+1${area}${subscriber()}` }; // single zone
  }
  if (roll < 0.85) return { address: { state: pick(SPLIT_STATES) } }; // a state that spans zones
  if (roll < 0.92) {
    const [zip] = pick(METROS);
    const [, area] = pick(METROS);
    return { address: { zip }, phone: `+1${area}${subscriber()}` }; // moved: ZIP and phone may disagree
  }
  if (roll < 0.96) return { address: { zip: pick(METROS)[0] } };
  return {}; // unknown: every US zone
}

const YEAR_START = Date.parse('2026-01-01T00:00:00Z');

function requestFor(who: Debtor): ContactRequest {
  const at = YEAR_START + Math.floor(random() * 365 * DAY);
  const channel: ContactChannel = chance(0.6) ? 'email' : 'sms';
  const request: ContactRequest = { at: new Date(at).toISOString(), channel };
  if (who.address !== undefined) {
    const address: { state?: string; zip?: string } = {};
    if (who.address.zip) address.zip = who.address.zip;
    if (who.address.state) address.state = who.address.state;
    request.address = address;
  }
  if (who.phone !== undefined) request.phone = who.phone;
  const sends = Math.floor(random() * 11);
  if (sends > 0) {
    request.history = Array.from({ length: sends }, () => ({
      at: new Date(at - Math.floor(random() * 10 * DAY)).toISOString(),
      channel: chance(0.5) ? 'email' : 'sms',
      kind: chance(0.05) ? 'conversation' : 'sent',
    }));
  }
  if (chance(0.03)) request.flags = { optedOut: [channel] };
  else if (chance(0.02)) request.flags = { [pick(['ceased', 'disputed', 'bankrupt', 'attorney'] as const)]: true };
  if (chance(0.2)) request.policy = { daysOfWeek: [1, 2, 3, 4, 5, 6], skipUsFederalHolidays: true };
  else if (chance(0.05)) request.policy = { hours: { from: '09:00', to: '18:00' } };
  if (chance(0.03)) request.inconvenientTimes = [{ daysOfWeek: [1, 2, 3, 4, 5], from: '08:00', to: '10:00' }];
  return request;
}

const POOL = 10_000;
const REQUESTS = 200_000;
const debtors = Array.from({ length: POOL }, debtor);
const requests = Array.from({ length: REQUESTS }, (_, i) => requestFor(debtors[i % POOL]!));
/** Every request its own debtor (a fresh phone number): no location cache hits. */
const coldRequests = Array.from({ length: REQUESTS }, () => requestFor(debtor()));

// The baseline's inputs, prepared outside the timing: each decision's instant and its debtor's first zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
};
const baselineInputs = requests.map((r) => {
  const location: { state?: string; zip?: string; phone?: string } = { ...r.address };
  if (r.phone !== undefined) location.phone = r.phone;
  return { t: Date.parse(r.at), formatter: formatterOf(candidateTimeZones(location)[0]!) };
});

/** Operations per second of `fn`, over at least `ms` milliseconds (after a warm-up). */
function rate(fn: (i: number) => void, ms = 1000): number {
  for (let i = 0; i < 20_000; i++) fn(i);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let k = 0; k < 1000; k++) fn(n++);
  }
  return n / ((performance.now() - start) / 1000);
}

let sink = 0;
const measured = await interleaved({
  baseline: () =>
    rate((i) => {
      const input = baselineInputs[i % REQUESTS]!;
      sink += input.formatter.formatToParts(input.t).length;
    }),
  decisions: () =>
    rate((i) => {
      if (evaluateContact(requests[i % REQUESTS]!).allowed) sink++;
    }),
  coldDecisions: () =>
    rate((i) => {
      if (evaluateContact(coldRequests[i % REQUESTS]!).allowed) sink++;
    }),
});
const conversions = { name: 'time-zone conversions (formatToParts)', values: measured.baseline };
const figures = [
  figureOf('contact decisions, debtors seen before', 'per s', measured.decisions, conversions),
  figureOf('contact decisions, every debtor new', 'per s', measured.coldDecisions, conversions),
];

// What the mix looks like.
let allowed = 0;
let searched = 0;
let never = 0;
let multiZone = 0;
for (const r of requests.slice(0, 20_000)) {
  const d = evaluateContact(r);
  if (d.allowed) allowed++;
  else if (d.nextAllowedAt === null) never++;
  else searched++;
  const location: { state?: string; zip?: string; phone?: string } = { ...r.address };
  if (r.phone !== undefined) location.phone = r.phone;
  if (candidateTimeZones(location).length > 1) multiZone++;
}

results.mix = {
  debtors: POOL,
  multiZoneShare: +(multiZone / 20_000).toFixed(3),
  allowedShare: +(allowed / 20_000).toFixed(3),
  searchedForNextShare: +(searched / 20_000).toFixed(3),
  neverShare: +(never / 20_000).toFixed(3),
};
process.stdout.write(`${JSON.stringify({ figures, mix: results.mix }, null, 2)}\n`);

// ---- the large property run ----

const { request, nearRequest } = arbitraries(fc);
const scale = quick ? 0.1 : 1;
const runs = {
  reasonsMatchReference: Math.round(100_000 * scale),
  nextAllowedIsEarliest: Math.round(25_000 * scale),
  sendingAtNextAllowed: Math.round(5_000 * scale),
};
const properties: Record<string, unknown> = {};
let failed = false;
function check(name: string, property: fc.IProperty<never> | fc.IProperty<unknown>, numRuns: number): void {
  const started = performance.now();
  const outcome = fc.check(property as fc.IProperty<unknown>, { numRuns, seed: 20_261_123 });
  const seconds = +((performance.now() - started) / 1000).toFixed(1);
  properties[name] = { runs: outcome.numRuns, failed: outcome.failed, seconds };
  if (outcome.failed) {
    failed = true;
    process.stderr.write(`${name} failed:\n${fc.defaultReportMessage(outcome)}\n`);
  }
}
check('reasonsMatchReference', fc.property(request, propertyReasonsMatchReference), runs.reasonsMatchReference);
let scanned = 0;
check(
  'nextAllowedIsEarliest',
  fc.property(nearRequest, (r) => {
    if (propertyNextAllowedIsEarliest(r, 2 * DAY)) scanned++;
  }),
  runs.nextAllowedIsEarliest,
);
check(
  'sendingAtNextAllowed',
  fc.property(request, fc.array(fc.integer({ min: 0, max: 12 * 3_600_000 }), { minLength: 1, maxLength: 12 }), (r, p) => {
    propertySendingAtNextAllowedKeepsTheRules(r, p);
  }),
  runs.sendingAtNextAllowed,
);
properties.totalRuns = Object.values(runs).reduce((a, b) => a + b, 0);
properties.nextAllowedScannedShare = +(scanned / Math.max(1, runs.nextAllowedIsEarliest)).toFixed(3);
results.properties = properties;
process.stdout.write(`${JSON.stringify({ properties }, null, 2)}\n`);

writeBenchResult('compliance', figures, results);
if (sink === -1) process.stdout.write('\n'); // keeps the measured work observable
process.exitCode = failed ? 1 : 0;
