// Ingest at scale, offline: a generated placement file checked as CheckFile checks it (streamed), then read as the
// Distributed Map reads it (streamed, ItemSelector and ItemBatcher from the synthesized Ingest definition) into the
// ingest-batch use case on the embedded store (dynalite on disk), in rows per second, beside two baselines measured in
// the same run on the same file and store:
//   parse       the bare CSV parse of the file (the streaming reader alone);
//   batchWrite  the bare BatchWriteItem of the same items (accounts and contact routes) into a fresh table.
// Lifecycle starts go to a no-op WorkflowPort: StartExecution is AWS's to throttle (see README, "Big placements").
// Each measurement runs in its own process, so that its peak memory (maxRSS, and the V8 heap high-water sampled
// every 10 ms, and the heap left after a full GC at the end) is its own: ingest at 10k and 50k rows shows whether
// memory stays flat as the file grows (the high-water mark follows the GC's ceiling; what is left shows what is kept).
//   npm run bench            → prints the figures and writes bench/results/ingest.json
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { accountItems, DynamoAccountStore } from '../shared/adapters/dynamo-account-store.ts';
import { DynamoCreditorStore } from '../shared/adapters/dynamo-creditor-store.ts';
import { parseCreditorProfile } from '../shared/creditors/profile.ts';
import { csvItems, lineOfItem } from '../shared/placements/csv.ts';
import { validatePlacementRow } from '../shared/placements/validate-row.ts';
import type { WorkflowPort } from '../shared/ports.ts';
import { checkPlacementFile } from '../shared/usecases/check-placement-file.ts';
import { accountRecordOf, ingestPlacementBatch, type PlacementItem } from '../shared/usecases/ingest-placements.ts';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { emulateDistributedMaps } from '../local/definition-transforms.ts';
import { startLocalDynamo, type LocalDynamo } from '../local/dynamo.ts';
import type { Template } from '../local/intrinsics.ts';
import { itemBatches, type ReaderConfig } from '../local/item-reader.ts';
import { readTopology } from '../local/topology.ts';
import { INGEST_MAX_CONCURRENCY } from '../workflows/ingest.ts';
import { figureOf, interleaved, writeBenchResult } from './figures.ts';

const CREDITOR = 'bench-co';
const KEY = `creditors/${CREDITOR}/inbox/placements/bench.csv`;
const NOW = new Date('2026-03-02T15:00:00Z');
/** BatchWriteItem's own limit. */
const BATCH_WRITE_ITEMS = 25;
const STATES = ['NY', 'CA', 'TX', 'FL', 'IL', 'WA', 'MA', 'AZ', 'CO', 'HI'];

interface Measured {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  maxRssMb: number;
  heapHighWaterMb: number;
  heapAfterGcMb: number;
  accepted?: number;
}

// --- The parent: generate the files, run each measurement in a child, report ratios -------------------------------

/** Keeps a child's measurement and gives its rate. */
function keep(into: Measured[], measured: Measured): number {
  into.push(measured);
  return measured.rowsPerSecond;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tactful-bench-ingest-'));
  try {
    const files = { small: join(dir, '10k.csv'), large: join(dir, '50k.csv') };
    await generate(files.small, 10_000);
    await generate(files.large, 50_000);
    // The template is synthesized here, once: the children do not load the CDK, so their memory is the ingest's own.
    const { synthTemplate } = await import('../infra/synth.ts');
    const topology = readTopology(synthTemplate() as Template);
    const setup: Setup = {
      table: topology.tables[0]!,
      reader: Object.values(emulateDistributedMaps(topology.machines.find((m) => m.name === 'Ingest')!.definition).readers)[0],
    };
    const setupFile = join(dir, 'setup.json');
    writeFileSync(setupFile, JSON.stringify(setup));
    const run = (phase: string, file: string): Measured =>
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--expose-gc', fileURLToPath(import.meta.url), phase, file, join(dir, `${phase}-${Date.now()}`), setupFile],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        ),
      );
    // The figures: medians of interleaved runs on the 10k-row file, each run in a fresh child and store.
    const runs = { parse: [] as Measured[], batchWrite: [] as Measured[], ingest: [] as Measured[] };
    const rates = await interleaved({
      parse: () => keep(runs.parse, run('parse', files.small)),
      batchWrite: () => keep(runs.batchWrite, run('batchWrite', files.small)),
      ingest: () => keep(runs.ingest, run('ingest', files.small)),
    });
    const slower = rates.parse.reduce((a, b) => a + b, 0) < rates.batchWrite.reduce((a, b) => a + b, 0) ? 'parse' : 'batchWrite';
    const baselineName = slower === 'parse' ? 'bare streamed CSV parse' : 'bare BatchWriteItem of the same items';
    const figures = [
      figureOf('placement rows ingested (10k-row file)', 'rows/s', rates.ingest, { name: baselineName, values: rates[slower] }, '≥ 0.7'),
    ];
    // Memory as the file grows: one 50k-row run beside the 10k ones.
    const ingest = run('ingest', files.large);
    const ingest10k = runs.ingest.at(-1)!;
    const details = {
      note: 'ingest = CheckFile (streamed: file-level checks and repeated references) + streamed read + ItemSelector/ItemBatcher + ingest-batch use case (validate, BatchGetItem of the accounts, BatchWriteItem of the new ones and the contact routes) on dynalite (disk); no-op Lifecycle starts',
      batchSize: 100,
      batchesInFlight: INGEST_MAX_CONCURRENCY,
      ingest50k: ingest,
      ingest10k,
      heapGrowth10kTo50k: +(ingest.heapHighWaterMb / ingest10k.heapHighWaterMb).toFixed(2),
      rssGrowth10kTo50k: +(ingest.maxRssMb / ingest10k.maxRssMb).toFixed(2),
      heapAfterGcGrowth10kTo50k: +(ingest.heapAfterGcMb / ingest10k.heapAfterGcMb).toFixed(2),
    };
    writeBenchResult('ingest', figures, details);
    process.stdout.write(`${JSON.stringify({ figures, ...details }, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A deterministic placement file: valid rows across states, about one in fifty with a problem to reject. */
async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: string) => new Promise<void>((resolve) => (out.write(line) ? resolve() : out.once('drain', resolve)));
  await write(
    'account_ref,debtor_name,balance,currency,delinquency_date,email,phone,address_line1,city,state,zip,customer_tier,loan_type\r\n',
  );
  for (let i = 0; i < rows; i += 1) {
    const bad = i % 50 === 49;
    const balance = bad ? '0.00' : `${100 + (i % 9000)}.${String(i % 100).padStart(2, '0')}`;
    const phone = i % 3 === 0 ? '' : `+1212555${String(1000 + (i % 9000)).padStart(4, '0')}`;
    await write(
      `ACC-${i},"Debtor ${i}, Jr.",${balance},USD,2025-0${1 + (i % 9)}-15,debtor${i}@example.com,${phone},${i} Main St,Town,${STATES[i % STATES.length]},,${i % 2 ? 'gold' : ''},card\r\n`,
    );
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

// --- A child: one measurement ---------------------------------------------------------------------------------------

/** What the children need from the synthesized template: the table, and the Map's ItemReader/Selector/Batcher. */
interface Setup {
  table: CreateTableCommandInput;
  reader: ReaderConfig;
}

async function measure(phase: string, file: string, storePath: string, setup: Setup): Promise<Measured> {
  let heapHighWater = 0;
  const sampler = setInterval(() => (heapHighWater = Math.max(heapHighWater, process.memoryUsage().heapUsed)), 10);
  const mb = (bytes: number) => +(bytes / 1024 / 1024).toFixed(1);
  const dynamo = phase === 'parse' ? undefined : await startLocalDynamo([setup.table], { path: storePath });
  try {
    const started = performance.now();
    const { rows, accepted, timedSeconds } = await PHASES[phase]!({ file, dynamo: dynamo!, setup });
    const seconds = timedSeconds ?? (performance.now() - started) / 1000;
    heapHighWater = Math.max(heapHighWater, process.memoryUsage().heapUsed);
    // What the run left behind, once garbage is collected: flat if nothing is kept per row.
    (globalThis as { gc?: () => void }).gc?.();
    const heapAfterGc = process.memoryUsage().heapUsed;
    return {
      rows,
      seconds: +seconds.toFixed(2),
      rowsPerSecond: Math.round(rows / seconds),
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      heapHighWaterMb: mb(heapHighWater),
      heapAfterGcMb: mb(heapAfterGc),
      ...(accepted !== undefined ? { accepted } : {}),
    };
  } finally {
    clearInterval(sampler);
    await dynamo?.close();
  }
}

interface PhaseContext {
  file: string;
  dynamo: LocalDynamo;
  setup: Setup;
}
/** `timedSeconds` when only part of the phase is the measurement. */
type Phase = (context: PhaseContext) => Promise<{ rows: number; accepted?: number; timedSeconds?: number }>;

const PHASES: Record<string, Phase> = {
  async parse({ file }) {
    let rows = 0;
    for await (const _row of csvItems(createReadStream(file))) rows += 1;
    return { rows };
  },

  /** The items ingest would write for the valid rows, prepared first, then timed: BatchWriteItem alone. */
  async batchWrite({ file, dynamo, setup }) {
    const table = setup.table.TableName!;
    const items: Array<Record<string, unknown>> = [];
    let rows = 0;
    for await (const row of csvItems(createReadStream(file))) {
      const line = lineOfItem(rows);
      rows += 1;
      const checked = validatePlacementRow(row, line, NOW);
      if (checked.ok) items.push(...accountItems(accountRecordOf(CREDITOR, checked.row, { key: KEY, line }, NOW)));
    }
    const requests: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_ITEMS) requests.push(items.slice(i, i + BATCH_WRITE_ITEMS));
    const started = performance.now();
    await inParallel(requests, INGEST_MAX_CONCURRENCY, async (chunk) => {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const { UnprocessedItems } = await dynamo.documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    });
    // Only the writes are this baseline: the rows they cover, at the rate of the writes alone.
    return { rows, timedSeconds: (performance.now() - started) / 1000 };
  },

  async ingest({ file, dynamo, setup }) {
    const table = setup.table.TableName!;
    const creditors = new DynamoCreditorStore(dynamo.documents, table);
    await creditors.putProfile(
      parseCreditorProfile({
        creditorId: CREDITOR,
        brand: { name: 'Bench', senderName: 'Bench', senderEmail: 'b@bench.test', paymentUrl: 'https://pay.bench.test/', signOff: 'Bench' },
      }),
    );
    const noWorkflow: WorkflowPort = { startLifecycle: async () => 'started', resumeTask: async () => 'resumed' };
    const deps = { store: new DynamoAccountStore(dynamo.documents, table), creditors, workflow: noWorkflow };
    // CheckFile first, as Ingest runs it: the whole file streamed once more, for its repeated references.
    // The receipt it writes is one small put, left out.
    const files = { streamBytes: () => createReadStream(file), putText: async () => {} };
    const check = await checkPlacementFile({ files, creditors, maxBytes: Infinity }, KEY, NOW);
    if (!check.usable) throw new Error(`the generated file is unusable: ${check.reason}`);
    const event = { detail: { bucket: { name: 'bench' }, object: { key: KEY } }, check };
    let rows = 0;
    let accepted = 0;
    const batches = itemBatches(setup.reader, event, createReadStream(file)) as AsyncIterable<{
      Items: PlacementItem[];
      BatchInput: { key: string; repeats: Record<string, number>; overlong: Record<string, string> };
    }>;
    await inParallel(batches, INGEST_MAX_CONCURRENCY, async (batch) => {
      const result = await ingestPlacementBatch(deps, { ...batch.BatchInput, items: batch.Items }, NOW);
      rows += batch.Items.length;
      accepted += result.accepted;
    });
    return { rows, accepted };
  },
};

/** Runs `work` over `items` (read lazily) with at most `limit` in flight, as the Map runs its batches. */
async function inParallel<T>(items: AsyncIterable<T> | Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for await (const item of items) {
    const task = work(item).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

const [phase, file, storePath, setupFile] = process.argv.slice(2);
if (phase) process.stdout.write(JSON.stringify(await measure(phase, file!, storePath!, JSON.parse(readFileSync(setupFile!, 'utf8')))));
else await main();
