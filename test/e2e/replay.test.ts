// A seed replays a run: the same seed writes the same report and outbox, byte for byte, however fast the store
// answers; and with chaos on, the platform's retries absorb the faults and the same seed reaches the same outcomes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTouchId } from '../../shared/accounts/touch-id.ts';
import { auditOutbox } from '../../local/audit/audit.ts';
import { STORE_LATENCY_ENV } from '../../local/platform.ts';
import type { SimulationReport } from '../../local/simulator/report.ts';
import type { SimulationRun } from '../../local/simulator/simulate.ts';
import { tableActionsOf, type StoreMethod } from '../../shared/adapters/dynamo-actions.ts';
import { onePerPersona, simulateExamples, simulatePortfolio } from '../support/simulate-examples.ts';
import { grantedTableActions } from '../support/table-grants.ts';
import { template } from '../support/world.ts';

const DAYS = 21;
const dir = mkdtempSync(join(tmpdir(), 'tactful-replay-'));
const runDir = (name: string): string => join(dir, name);
const read = (run: string, file: string): string => readFileSync(join(runDir(run), file), 'utf8');
let portfolio: { placements: string; behaviour: string };
let chaos: SimulationRun;

beforeAll(async () => {
  mkdirSync(runDir('portfolio'));
  portfolio = onePerPersona(runDir('portfolio'));
  // At once: the runs' handlers interleave differently in real time, which must not show. The slow run's store
  // answers up to 30 ms late, in a different order each time, as DynamoDB Local or a network would.
  // The replays run on the embedded DynamoDB (whose answers the slow run delays); one more keeps the stores in memory.
  const onDynamo = ['--store', 'dynamo'];
  [, , , chaos] = await Promise.all([
    simulateExamples(runDir('first'), { portfolio, days: DAYS, args: onDynamo }),
    simulateExamples(runDir('again'), { portfolio, days: DAYS, args: onDynamo }),
    simulateExamples(runDir('slow-store'), { portfolio, days: DAYS, args: onDynamo, env: { [STORE_LATENCY_ENV]: '30' } }),
    // In this process: what the providers delivered is only in the platform's outboxes.
    simulatePortfolio(portfolio, { horizonDays: DAYS, chaos: 0.1 }),
    simulateExamples(runDir('memory'), { portfolio, days: DAYS, args: ['--store', 'memory'] }),
  ]);
}, 400_000);

afterAll(async () => {
  await chaos?.platform.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a seed replays the run', () => {
  it('writes the same report.json and outbox.jsonl, byte for byte', () => {
    expect(read('first', 'outbox.jsonl').split('\n').length).toBeGreaterThan(20);
    expect(read('again', 'report.json')).toBe(read('first', 'report.json'));
    expect(read('again', 'outbox.jsonl')).toBe(read('first', 'outbox.jsonl'));
  });

  it('sends every message at the same virtual time when the store answers slowly', () => {
    expect(read('slow-store', 'outbox.jsonl')).toBe(read('first', 'outbox.jsonl'));
    expect(read('slow-store', 'report.json')).toBe(read('first', 'report.json'));
  });

  it('sends the same messages at the same virtual times, and ends every account alike, with the stores in memory', () => {
    expect(read('memory', 'outbox.jsonl')).toBe(read('first', 'outbox.jsonl'));
    const outcomes = (run: string) =>
      (JSON.parse(read(run, 'report.json')) as SimulationReport).accounts.map((a) => [a.accountRef, a.outcome, a.collected]);
    expect(outcomes('memory')).toEqual(outcomes('first'));
  });
});

describe('chaos 0.1: AWS calls fail and sends crash after delivery, and the retries absorb it', () => {
  const baseline = (): SimulationReport => JSON.parse(read('first', 'report.json'));
  const byRef = <T>(report: SimulationReport, value: (a: SimulationReport['accounts'][number]) => T) =>
    Object.fromEntries(report.accounts.map((a) => [a.accountRef, value(a)]));
  const count = (type: string) => (a: SimulationReport['accounts'][number]) => a.events.filter((e) => e.type === type).length;

  it('injected faults and crashes', () => {
    expect(chaos.platform.chaos!.injected.faults).toBeGreaterThan(20);
    expect(chaos.platform.chaos!.injected.crashes).toBeGreaterThan(0);
    const lost = chaos.report.outbox.filter((o) => o.reason === 'send-outcome-unknown');
    expect(lost).toHaveLength(chaos.platform.chaos!.injected.crashes);
  });

  it('ends every account as without chaos, and no workflow fails (no NeedsAttention)', () => {
    expect(byRef(chaos.report, (a) => a.outcome)).toEqual(byRef(baseline(), (a) => a.outcome));
    const failed = chaos.platform.stepFunctions.executions().filter((e) => e.status === 'FAILED');
    expect(failed.map((e) => `${e.name}: ${e.error?.name}`)).toEqual([]);
  });

  it('loses no reply and no payment', () => {
    for (const type of ['reply-received', 'payment-received']) {
      expect(byRef(chaos.report, count(type))).toEqual(byRef(baseline(), count(type)));
    }
  });

  it('delivers no message twice, and the touches it delivered break no contact rule', () => {
    const refOf = new Map(chaos.report.accounts.map((a) => [a.accountId, a.accountRef]));
    const delivered = [
      ...chaos.platform.email.sent.map((m) => ({ at: m.at, touchId: m.touchId, channel: 'email' as const })),
      ...chaos.platform.sms.sent.map((m) => ({ at: m.at, touchId: m.touchId, channel: 'sms' as const })),
    ];
    // Touches, and the answers to replies (`<account>:answer:<message>`): each at most once.
    expect(new Set(delivered.map((m) => m.touchId)).size).toBe(delivered.length);
    // The auditor replays the touches that reached the debtors, those whose outcome was lost included.
    const touches = delivered.flatMap((m) => {
      const touch = parseTouchId(m.touchId);
      return touch ? [{ ...m, status: 'sent' as const, accountRef: refOf.get(touch.accountId)! }] : [];
    });
    expect(touches.length).toBeGreaterThan(20);
    const audit = auditOutbox(readFileSync(portfolio.placements, 'utf8'), touches, chaos.replies, chaos.instructions);
    expect(audit.checked).toBe(touches.length);
    expect(audit.violations).toEqual([]);
  });
});

describe('least privilege, as the platform really runs', () => {
  it("calls in every function only store methods whose table actions the template grants that function's role", () => {
    const called = [...chaos.platform.storeCalls].filter(([, methods]) => methods.size > 0);
    // Most functions take part in three weeks of the one-per-persona portfolio.
    expect(called.length).toBeGreaterThanOrEqual(8);
    for (const [name, methods] of called) {
      const needed = tableActionsOf([...methods] as StoreMethod[]).map((action) => `dynamodb:${action}`);
      expect({ [name]: needed.filter((action) => !grantedTableActions(template(), name).includes(action)) }).toEqual({ [name]: [] });
    }
  });
});
