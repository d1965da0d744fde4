// The stochastic debtor model responds to the strategy: many seeded debtors, each fed the same messages but for the
// one thing a strategy changes, behave measurably differently (differences checked against their standard error).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/replies/classify.ts';
import {
  drawTraits,
  initialDebtorState,
  receive,
  type Channel,
  type DebtorState,
  type DebtorTraits,
  type IncomingMessage,
} from '../../local/debtor-model/model.ts';
import { REPLY_TEXTS } from '../../local/debtor-model/player.ts';
import { DEFAULT_DEBTOR_MODEL, DebtorModelError, parseDebtorModel } from '../../local/debtor-model/schema.ts';
import { syntheticPlacements } from '../../local/debtor-model/synthetic-accounts.ts';
import { seededRandomFor } from '../../local/simulator/personas.ts';
import { parseCsv } from '../../shared/placements/csv.ts';
import { validatePlacementRow } from '../../shared/placements/validate-row.ts';

const model = DEFAULT_DEBTOR_MODEL;
const DAY = 86_400_000;
const START = Date.parse('2026-03-02T15:00:00Z');
const defaultsJson = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../local/debtor-model/defaults.json', import.meta.url), 'utf8'));

function debtors(count: number, seed: number): DebtorTraits[] {
  return Array.from({ length: count }, (_, i) => drawTraits(model, seededRandomFor(seed, `debtor:${i}`)));
}

interface Plan {
  channel: Channel;
  day: number;
}

/** Plays one debtor through the planned messages (at 11:00 their time, friendly), until they opt out of everything. */
function play(traits: DebtorTraits, plan: readonly Plan[], seed: number, id: number) {
  let state: DebtorState = initialDebtorState(traits);
  let read = false;
  let optedOut = false;
  plan.forEach(({ channel, day }, n) => {
    const message: IncomingMessage = { channel, at: new Date(START + day * DAY), localHour: 11, tone: 'friendly', instalment: false };
    const result = receive(model, state, message, seededRandomFor(seed, `message:${id}:${n}`));
    state = result.state;
    read ||= result.response.read;
    optedOut ||= result.response.effects.some((e) => e.type === 'reply' && (e.intent === 'stop' || e.intent === 'cease'));
  });
  return { read, optedOut };
}

/** The share of debtors for whom `outcome` holds under each plan, and the standard error of their difference. */
function compare(group: readonly DebtorTraits[], a: readonly Plan[], b: readonly Plan[], outcome: 'read' | 'optedOut') {
  const share = (plan: readonly Plan[]) => group.filter((traits, i) => play(traits, plan, 99, i)[outcome]).length / group.length;
  const [pa, pb] = [share(a), share(b)];
  const standardError = Math.sqrt((pa * (1 - pa) + pb * (1 - pb)) / group.length);
  return { pa, pb, standardError };
}

describe('the debtor model', () => {
  it('draws the same debtors from the same seed, and different ones from another', () => {
    expect(debtors(50, 7)).toEqual(debtors(50, 7));
    expect(debtors(50, 7)).not.toEqual(debtors(50, 8));
  });

  it('draws traits in the proportions the model gives', () => {
    const drawn = debtors(4000, 1);
    const share = (f: (t: DebtorTraits) => boolean) => drawn.filter(f).length / drawn.length;
    expect(share((t) => t.preferred === 'sms')).toBeCloseTo(model.preference.sms, 1);
    expect(share((t) => t.ability === 'full')).toBeCloseTo(model.ability.full, 1);
    const meanWillingness = drawn.reduce((s, t) => s + t.willingness, 0) / drawn.length;
    expect(meanWillingness).toBeCloseTo(model.willingness.mean, 1);
  });

  it('reaches more of an SMS-preferring segment when the strategy sends it texts instead of emails', () => {
    const smsPreferring = debtors(6000, 3).filter((t) => t.preferred === 'sms');
    const emails: Plan[] = [0, 4, 8].map((day) => ({ channel: 'email', day }));
    const texts: Plan[] = [0, 4, 8].map((day, i) => ({ channel: i === 1 ? 'email' : 'sms', day }));
    const { pa, pb, standardError } = compare(smsPreferring, emails, texts, 'read');
    expect(smsPreferring.length).toBeGreaterThan(2500);
    // Four standard errors: a chance difference this large happens about once in 30,000 runs.
    expect(pb - pa).toBeGreaterThan(4 * standardError);
  });

  it('makes more debtors opt out when the cadence goes above their fatigue threshold', () => {
    const group = debtors(6000, 4);
    const spaced: Plan[] = Array.from({ length: 6 }, (_, i) => ({ channel: 'sms', day: i * 4 }));
    const daily: Plan[] = Array.from({ length: 6 }, (_, i) => ({ channel: 'sms', day: i }));
    expect(Math.max(...group.map((t) => t.fatigueThreshold))).toBeLessThan(6);
    const { pa, pb, standardError } = compare(group, spaced, daily, 'optedOut');
    expect(pb - pa).toBeGreaterThan(4 * standardError);
  });

  it('reads a message that arrives outside the reading hours less often', () => {
    const group = debtors(6000, 5);
    const at = (hour: number, traits: DebtorTraits, i: number) =>
      receive(
        model,
        initialDebtorState(traits),
        { channel: 'sms', at: new Date(START), localHour: hour, tone: 'friendly', instalment: false },
        seededRandomFor(5, `m:${i}`),
      ).response.read;
    const inHours = group.filter((t, i) => at(12, t, i)).length / group.length;
    const atNight = group.filter((t, i) => at(3, t, i)).length / group.length;
    expect(inHours - atNight).toBeGreaterThan(0.1);
  });

  it('pays most instalments of an agreed plan, read or not, and none without a plan', () => {
    const group = debtors(3000, 6);
    const instalment = (traits: DebtorTraits, i: number, planAsked: boolean) =>
      receive(
        model,
        { ...initialDebtorState(traits), planAsked },
        { channel: 'email', at: new Date(START), localHour: 12, tone: 'friendly', instalment: true },
        seededRandomFor(6, `m:${i}`),
      ).response.effects.some((e) => e.type === 'pay' && e.share === 'instalment');
    const paid = group.filter((t, i) => instalment(t, i, true)).length / group.length;
    expect(Math.abs(paid - model.act.instalmentPaid)).toBeLessThan(0.03);
    expect(group.some((t, i) => instalment(t, i, false))).toBe(false);
  });

  it("writes replies the platform's classifier reads as the intent the model meant, in English and Spanish", () => {
    for (const [language, texts] of Object.entries(REPLY_TEXTS)) {
      for (const [intent, byChannel] of Object.entries(texts)) {
        for (const [channel, text] of Object.entries(byChannel)) {
          const got = classifyReply(text, { channel: channel as Channel, receivedAt: new Date(START), timeZone: 'America/New_York' });
          expect(got.intent, `${language} ${channel}: ${text}`).toBe(intent);
        }
      }
    }
  });
});

describe('the debtor model file', () => {
  it('gives every default figure a source', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      if ('value' in node) {
        const source = (node as { _source?: unknown })._source;
        if (typeof source !== 'string' || source.length < 20) missing.push(path);
        return;
      }
      for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key);
    };
    walk(defaultsJson(), '');
    expect(missing).toEqual([]);
  });

  it('takes bare numbers as well as { value, _source }', () => {
    const json = defaultsJson() as { survey: unknown };
    json.survey = 0.5;
    expect(parseDebtorModel(json, 'mine.json').survey).toBe(0.5);
  });

  it('refuses a bad figure, an unknown key and a missing one, naming each', () => {
    const json = defaultsJson() as Record<string, Record<string, unknown>>;
    (json.channels!.sms as Record<string, unknown>).read = { value: 1.5, _source: 'typo' };
    json.act!.wearout = 0.9;
    delete json.fatigue!.read;
    const error = (() => {
      try {
        parseDebtorModel(json, 'mine.json');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(DebtorModelError);
    expect(error?.message).toContain('mine.json is not a valid debtor model');
    expect(error?.message).toContain('channels.sms.read');
    expect(error?.message).toContain('wearout');
    expect(error?.message).toContain('fatigue.read');
  });

  it('refuses abilities that add up to more than everyone', () => {
    const json = defaultsJson() as Record<string, Record<string, unknown>>;
    json.ability!.full = 0.8;
    expect(() => parseDebtorModel(json, 'mine.json')).toThrow(/ability: full \+ part must be at most 1/);
  });
});

describe('synthetic accounts (--accounts N)', () => {
  const example = readFileSync(new URL('../../examples/placements.csv', import.meta.url), 'utf8');

  it('samples N valid accounts from the file, the same for the same seed, with no row copied whole', () => {
    const csv = syntheticPlacements(example, 500, 7);
    expect(syntheticPlacements(example, 500, 7)).toBe(csv);
    expect(syntheticPlacements(example, 500, 8)).not.toBe(csv);
    const { records } = parseCsv(csv);
    expect(records).toHaveLength(500);
    const source = parseCsv(example).records.map((r) => r.values);
    for (const { values } of records) {
      expect(validatePlacementRow(values, 2, new Date(START)).ok, JSON.stringify(values)).toBe(true);
      expect(source.some((row) => row.debtor_name === values.debtor_name || (row.email && row.email === values.email))).toBe(false);
      if (values.email) expect(values.email).toMatch(/@example\.com$/);
      if (values.phone) expect(values.phone).toMatch(/^\(\d{3}\) 555-\d{4}$/);
    }
    const phones = records.map((r) => r.values.phone).filter(Boolean);
    expect(new Set(phones).size).toBe(phones.length);
    const refs = new Set(records.map((r) => r.values.account_ref));
    expect(refs.size).toBe(500);
  });

  it("keeps the file's mix of languages and places, and its balances' scale", () => {
    const share = (rows: Array<Record<string, string>>, f: (r: Record<string, string>) => boolean) => rows.filter(f).length / rows.length;
    const source = parseCsv(example).records.map((r) => r.values);
    const synthetic = parseCsv(syntheticPlacements(example, 4000, 1)).records.map((r) => r.values);
    expect(share(synthetic, (r) => r.language === 'es')).toBeCloseTo(
      share(source, (r) => r.language === 'es'),
      1,
    );
    expect(share(synthetic, (r) => r.state === 'CA')).toBeCloseTo(
      share(source, (r) => r.state === 'CA'),
      1,
    );
    const median = (rows: Array<Record<string, string>>) => rows.map((r) => Number(r.balance)).sort((a, b) => a - b)[rows.length >> 1]!;
    expect(median(synthetic) / median(source)).toBeGreaterThan(0.8);
    expect(median(synthetic) / median(source)).toBeLessThan(1.25);
  });
});
