// The daily creditor files offline: the template's schedule rule fires creditor-reports on the virtual clock, after
// the real workflows ran, and each day's files are in the creditor's outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/placements/csv.ts';
import { DAY, HOUR, World } from '../support/world.ts';

let world: World;
const daily = (name: string) => `creditors/${world.creditorId}/outbox/daily/${name}`;
const rows = async (name: string) => parseCsv(await world.platform.files.getText(daily(name))).records.map((r) => r.values);

beforeAll(async () => {
  world = await World.start(
    [
      { ref: 'R-PAYS', email: 'pays@example.com', state: 'NY' },
      { ref: 'R-QUIET', email: 'quiet@example.com', phone: '+12125550111', state: 'NY' },
    ],
    {},
    { schedules: true },
  );
  // The creditor reports a payment for R-PAYS on the second day.
  world.at(DAY + 2 * HOUR, () =>
    world.instruct('pay', [{ action: 'payment', account_ref: 'R-PAYS', amount: '500.00', reference: 'bank-1' }]),
  );
  await world.runFor(3);
}, 120_000);
afterAll(async () => world?.close());

describe('daily creditor reports offline', () => {
  it('writes four files for each day that ended, and nothing else in the daily folder', () => {
    const keys = world.platform.files.keys(`creditors/${world.creditorId}/outbox/daily/`);
    const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
    expect(keys).toEqual(
      days
        .flatMap((d) => [`kpis-${d}.csv`, `kpis-${d}.json`, `remittance-${d}.csv`, `status-${d}.csv`])
        .map(daily)
        .sort(),
    );
  });

  it('lists every account on the status file, with what the workflow waits for', async () => {
    const first = await rows('status-2026-03-02.csv');
    expect(first.map((r) => [r.account_ref, r.status])).toEqual([
      ['R-PAYS', 'open'],
      ['R-QUIET', 'open'],
    ]);
    const quiet = first.find((r) => r.account_ref === 'R-QUIET')!;
    expect(quiet).toMatchObject({ stage: 'SoftReminder', last_touch_date: '2026-03-02', next_step: 'wait' });
    expect(quiet.next_step_at).toMatch(/^2026-03-\d\dT\d\d:\d\dZ$/);
  });

  it("puts the payment on its day's remittance, and the account's outcome on the status file", async () => {
    expect(await rows('remittance-2026-03-02.csv')).toEqual([]);
    expect(await rows('remittance-2026-03-03.csv')).toEqual([
      { account_ref: 'R-PAYS', date: '2026-03-03', amount: '500.00', currency: 'USD', source: 'creditor', reference: 'bank-1' },
    ]);
    const pays = (await rows('status-2026-03-04.csv')).find((r) => r.account_ref === 'R-PAYS')!;
    expect(pays).toMatchObject({ balance: '0.00', collected: '500.00' });
  });

  it('has the KPIs of the portfolio as of each day', async () => {
    const before = JSON.parse(await world.platform.files.getText(daily('kpis-2026-03-02.json')));
    const after = JSON.parse(await world.platform.files.getText(daily('kpis-2026-03-04.json')));
    // The example creditor reports on New York days (reporting.timeZone): the 2nd ends at 05:00 UTC on the 3rd.
    expect(before.kpis).toMatchObject({ asOf: '2026-03-03T04:59:59.999Z', placed: { accounts: 2 }, collected: { amountMinor: 0 } });
    expect(after.kpis).toMatchObject({ placed: { accounts: 2 }, collected: { amountMinor: 50_000 }, recoveryRate: { value: 0.5 } });
    const csv = await rows('kpis-2026-03-04.csv');
    expect(csv.find((r) => r.kpi === 'recoveryRate')?.value).toBe('0.5000');
  });
});
