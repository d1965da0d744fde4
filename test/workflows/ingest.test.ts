// The real Ingest definition offline: a usable file is placed row by row; an unusable one is refused whole.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { template, World } from '../support/world.ts';

let world: World | undefined;
beforeAll(() => void template());
afterEach(async () => world?.close());

async function ack(w: World, creditorId: string, file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await w.platform.files.getText(`creditors/${creditorId}/outbox/acknowledgements/${file}.ack.json`));
}

describe('Ingest', () => {
  it('refuses a file without the required header, and one from an unknown creditor, applying nothing', async () => {
    world = await World.start([{ ref: 'OK1', email: 'ok1@example.com' }]);
    await world.platform.putObject(
      `creditors/${world.creditorId}/inbox/placements/no-header.csv`,
      'ref,name,email\nX1,Ann,a@example.com\n',
    );
    await world.platform.putObject(
      'creditors/nobody-inc/inbox/placements/p.csv',
      'account_ref,debtor_name,balance,currency,delinquency_date,email\nX2,Bo,10.00,USD,2025-01-01,b@example.com\n',
    );
    await world.runFor(1);

    expect(await ack(world, world.creditorId, 'no-header.csv')).toMatchObject({
      accepted: 0,
      rejected: 0,
      refused: 'the header lacks required columns: account_ref, debtor_name, balance, currency, delinquency_date',
    });
    expect(await ack(world, 'nobody-inc', 'p.csv')).toMatchObject({
      accepted: 0,
      refused: 'creditor "nobody-inc" has no accepted profile',
    });
    expect(world.platform.files.keys(`creditors/${world.creditorId}/outbox/acknowledgements/no-header.csv.received`)).toEqual([]);
    const ingests = world.platform.stepFunctions.executions().filter((e) => e.machine === 'Ingest');
    expect(ingests.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // Only the usable file's account exists.
    expect(world.platform.stepFunctions.executions().filter((e) => e.machine === 'Lifecycle')).toHaveLength(1);
    expect(await ack(world, world.creditorId, 'test.csv')).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await ack(world, world.creditorId, 'test.csv')).not.toHaveProperty('refused');
    // The Map Run's results went to S3 as its ResultWriter says, and only the manifest's key is in the state.
    const keys = world.platform.files.keys('ingest-results/');
    expect(keys.filter((k) => k.endsWith('/manifest.json'))).toHaveLength(1);
    expect(keys.filter((k) => k.endsWith('/SUCCEEDED_0.json'))).toHaveLength(1);
    const usable = ingests.find((e) => JSON.stringify(e.input).includes('test.csv'))!;
    expect(JSON.stringify(usable.history)).not.toContain('__tactful');
    expect(JSON.stringify(usable.history)).not.toContain('ok1@example.com');
  });

  it('rejects only the row with a 500 KB cell: the rows around it in the same batch are placed and acknowledged', async () => {
    world = await World.start([{ ref: 'OK1', email: 'ok1@example.com' }]);
    const header = 'account_ref,debtor_name,balance,currency,delinquency_date,email,notes';
    const giant = 'Dana Quinn-Whitaker '.repeat(25_000); // 500 KB in an extra column
    const rows = [
      'G1,Gil,10.00,USD,2025-01-01,g1@example.com,fine',
      `BIG,Bo,20.00,USD,2025-01-01,big@example.com,"${giant}"`,
      'G2,Gia,30.00,USD,2025-01-01,g2@example.com,',
    ];
    await world.platform.putObject(`creditors/${world.creditorId}/inbox/placements/big-cell.csv`, `${header}\n${rows.join('\n')}\n`);
    await world.runFor(0.01);

    const ingests = world.platform.stepFunctions.executions().filter((e) => e.machine === 'Ingest');
    expect(ingests.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const result = await ack(world, world.creditorId, 'big-cell.csv');
    expect(result).toMatchObject({
      accepted: 2,
      rejected: 1,
      rejections: [{ line: 3, field: 'notes', reason: 'is longer than 1000 characters: the row is not placed' }],
    });
    expect(JSON.stringify(result)).not.toContain('Dana');
    expect(await world.platform.store.getAccount(world.accountId('G1'))).toBeDefined();
    expect(await world.platform.store.getAccount(world.accountId('G2'))).toBeDefined();
    expect(await world.platform.store.getAccount(world.accountId('BIG'))).toBeUndefined();
    // The Map read CheckFile's trimmed copy (the row itself is over Step Functions' 256 KiB payload); no history holds the cell.
    expect(world.platform.files.keys('ingest-results/trimmed/')).toEqual([
      `ingest-results/trimmed/creditors/${world.creditorId}/inbox/placements/big-cell.csv`,
    ]);
    for (const e of ingests) expect(JSON.stringify(e.history)).not.toContain('Dana');
  });

  it('reads a file whose name has spaces and non-ASCII letters (S3 URL-encodes the key in its event)', async () => {
    world = await World.start([{ ref: 'OK1', email: 'ok1@example.com' }]);
    const header = 'account_ref,debtor_name,balance,currency,delinquency_date,email';
    const name = 'März placements + more (1).csv';
    await world.platform.putObject(
      `creditors/${world.creditorId}/inbox/placements/${name}`,
      `${header}\nM1,Mia,10.00,USD,2025-01-01,m1@example.com\n`,
    );
    await world.runFor(0.01);
    expect(await ack(world, world.creditorId, name)).toMatchObject({ file: name, accepted: 1, rejected: 0 });
    expect(await world.platform.store.getAccount(world.accountId('M1'))).toMatchObject({
      sourceKey: `creditors/${world.creditorId}/inbox/placements/${name}`,
    });
  });

  it('acknowledges a file the placement rule matches but that names no inbox file (a subfolder), and fails no run', async () => {
    world = await World.start([{ ref: 'OK1', email: 'ok1@example.com' }]);
    await world.platform.putObject(
      `creditors/${world.creditorId}/inbox/placements/2026/march.csv`,
      'account_ref,debtor_name,balance,currency,delinquency_date,email\nS1,Sam,10.00,USD,2025-01-01,s1@example.com\n',
    );
    await world.runFor(0.01);
    expect(await ack(world, world.creditorId, 'placements__2026__march.csv')).toMatchObject({
      file: 'placements/2026/march.csv',
      status: 'rejected',
      reason: 'files in a subfolder of an inbox folder are not read: put the file directly in the folder; it was not read.',
    });
    const ingests = world.platform.stepFunctions.executions().filter((e) => e.machine === 'Ingest');
    expect(ingests.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await world.platform.store.getAccount(world.accountId('S1'))).toBeUndefined();
  });

  it('places a reference repeated in a later batch once, from its first line, and a re-upload places nothing again', async () => {
    // 101 accounts: two batches of the Map (100 rows each); the repeat of R5 falls in the second.
    const rows = Array.from({ length: 101 }, (_, i) => ({ ref: `R${i}`, email: `r${i}@example.com` }));
    world = await World.start([...rows, { ref: 'R5', email: 'someone-else@example.com' }]);
    await world.runFor(0.01);

    expect(await ack(world, world.creditorId, 'test.csv')).toMatchObject({
      accepted: 101,
      alreadyPlaced: 0,
      rejected: 1,
      rejections: [{ line: 103, field: 'account_ref', reason: 'appears more than once in this file (first on line 7)' }],
    });
    expect((await world.platform.store.getAccount(world.accountId('R5')))?.debtor.email).toBe('r5@example.com');
    // The receipt came first, from the check, with the same counts.
    const receipt = JSON.parse(
      await world.platform.files.getText(`creditors/${world.creditorId}/outbox/acknowledgements/test.csv.received.json`),
    );
    expect(receipt).toMatchObject({ file: 'test.csv', rows: 102, toPlace: 101, rejected: 1 });

    const inbox = `creditors/${world.creditorId}/inbox/placements`;
    await world.platform.putObject(`${inbox}/again.csv`, await world.platform.files.getText(`${inbox}/test.csv`));
    await world.runFor(0.02);
    expect(await ack(world, world.creditorId, 'again.csv')).toMatchObject({ accepted: 0, alreadyPlaced: 101, rejected: 1 });
    expect(world.platform.stepFunctions.executions().filter((e) => e.machine === 'Lifecycle')).toHaveLength(101);
  });
});
