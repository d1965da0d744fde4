// Replies benchmark: inbound texts handled per second offline, parse → route → record → resume (and the keyword
// answers), against the bare event write to the same embedded store (dynalite through the DynamoDB adapter), measured
// in the same run. Figures and a ratio, never timing assertions.
//   node bench/replies.ts            → prints the figures and writes bench/results/replies.json
//   node bench/replies.ts --quick    → fewer replies
import { accountIdFor, type AccountRecord } from '../shared/accounts/account.ts';
import { eventFromDraft } from '../shared/accounts/events.ts';
import { DynamoAccountStore } from '../shared/adapters/dynamo-account-store.ts';
import { DynamoCreditorStore } from '../shared/adapters/dynamo-creditor-store.ts';
import { parseCreditorProfile } from '../shared/creditors/profile.ts';
import type { SmsMessage, WorkflowPort } from '../shared/ports.ts';
import { handleInboundSms } from '../shared/usecases/handle-inbound-sms.ts';
import { startLocalDynamo } from '../local/dynamo.ts';
import { figureOf, RUNS, writeBenchResult } from './figures.ts';

// The handler module reads its environment at import: give it one, then take its boundary schema.
Object.assign(process.env, {
  TABLE_NAME: 'tactful',
  LIFECYCLE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:Lifecycle',
  SMS_CONFIGURATION_SET: 'bench',
  AGENCY_NAME: 'Bench Recoveries',
  AGENCY_EMAIL: 'agency@bench.test',
  AGENCY_ADDRESS: '1 Bench St',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
});
const { inboundSmsMessage } = await import('../functions/inbound-sms/handler.ts');

const count = process.argv.includes('--quick') ? 300 : 1500;
const CREDITOR_NUMBER = '+18885550123';
/** A mix of what debtors text: keywords (answered), conversations, and one the rules cannot read (review queue). */
const TEXTS = [
  'STOP',
  'HELP',
  'I will pay friday',
  'This is not my debt',
  'Can I set up a payment plan?',
  'I lost my job',
  'Wrong number',
  'ok thanks',
];

const dynamo = await startLocalDynamo([
  {
    TableName: 'tactful',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  },
]);
const store = new DynamoAccountStore(dynamo.documents, 'tactful');
const creditors = new DynamoCreditorStore(dynamo.documents, 'tactful');
await creditors.putProfile(
  parseCreditorProfile({
    creditorId: 'acme',
    brand: {
      name: 'Acme Energy',
      senderName: 'Acme Billing',
      senderEmail: 'billing@acme.test',
      supportPhone: '+18005550100',
      paymentUrl: 'https://pay.acme.test/',
      signOff: 'Acme',
    },
    smsOriginationNumber: CREDITOR_NUMBER,
  }),
);
let resumed = 0;
const workflow: WorkflowPort = {
  startLifecycle: async () => 'started',
  resumeTask: async () => {
    resumed += 1;
    return 'resumed';
  },
};
let answered = 0;
const sms = { sendSms: async (_: SmsMessage) => ({ messageId: `answer-${++answered}` }) };
const agency = { name: 'Bench Recoveries', email: 'agency@bench.test', address: '1 Bench St' };

/** `n` placed accounts, one phone each, every one waiting on a parked task token (so each reply resumes a task). */
async function placeAccounts(prefix: string, n: number): Promise<AccountRecord[]> {
  const placed: AccountRecord[] = [];
  for (let i = 0; i < n; i++) {
    const record: AccountRecord = {
      accountId: accountIdFor('acme', `${prefix}-${i}`),
      creditorId: 'acme',
      accountRef: `${prefix}-${i}`,
      debtor: { name: 'Bench Debtor', phone: `+1212${prefix === 'reply' ? 5 : 6}${String(i).padStart(6, '0')}` },
      balanceMinor: 10_000,
      currency: 'USD',
      delinquencyDate: '2025-11-01',
      timeZones: ['America/New_York'],
      placedAt: '2026-03-01T12:00:00.000Z',
      sourceKey: 'bench.csv',
      sourceLine: i + 2,
      attributes: {},
    };
    await store.createAccounts([record]);
    await store.appendEvent(
      eventFromDraft(record.accountId, new Date('2026-03-01T12:00:00Z'), {
        type: 'placed',
        balanceMinor: 10_000,
        currency: 'USD',
        creditorId: 'acme',
        key: 'placed',
      }),
    );
    await store.parkTaskToken(record.accountId, `token-${i}`, 1);
    placed.push(record);
  }
  return placed;
}

const baselineAccounts = await placeAccounts('write', count);
const replyAccounts = await placeAccounts('reply', count);
const at = new Date('2026-03-02T15:00:00Z');

/** The bare event write: conditional put, version bump (taking the parked token), sequence. */
async function bareWrite(i: number): Promise<void> {
  const record = baselineAccounts[i]!;
  await store.appendEvent(
    eventFromDraft(record.accountId, at, {
      type: 'reply-received',
      channel: 'sms',
      intent: 'other',
      messageId: `w-${i}`,
      key: `sms:w-${i}`,
    }),
  );
}

/** One reply as End User Messaging publishes it (the SNS Message body), through the handler's schema and the use case. */
async function handleReply(i: number): Promise<void> {
  const record = replyAccounts[i]!;
  const body = JSON.stringify({
    originationNumber: record.debtor.phone,
    destinationNumber: CREDITOR_NUMBER,
    messageKeyword: 'KEYWORD_BENCH',
    messageBody: TEXTS[i % TEXTS.length],
    inboundMessageId: `in-${i}`,
    previousPublishedMessageId: `out-${i}`,
  });
  const outcome = await handleInboundSms({ store, creditors, workflow, sms, agency }, inboundSmsMessage.parse(JSON.parse(body)), at);
  if (outcome.status !== 'recorded') throw new Error(`reply ${i} was ${outcome.status}`);
}

// Interleaved in rounds, so that the store's growth and the machine's load weigh on both alike; the first round is
// the warm-up, the next RUNS rounds each give one rate of each.
const round = Math.floor(count / (RUNS + 1));
const writeRates: number[] = [];
const replyRates: number[] = [];
resumed = 0;
for (let r = 0; r <= RUNS; r++) {
  const from = r * round;
  let t = performance.now();
  for (let i = from; i < from + round; i++) await bareWrite(i);
  const writeMs = performance.now() - t;
  t = performance.now();
  for (let i = from; i < from + round; i++) await handleReply(i);
  const replyMs = performance.now() - t;
  if (r === 0) continue;
  writeRates.push(round / (writeMs / 1000));
  replyRates.push(round / (replyMs / 1000));
}
await dynamo.close();

const figures = [
  figureOf('inbound texts handled (parse, route, record, resume)', 'per s', replyRates, {
    name: 'bare event writes, same store',
    values: writeRates,
  }),
];
writeBenchResult('replies', figures, {
  replies: round * (RUNS + 1),
  store: 'dynalite (in-process) through DynamoAccountStore',
  tasksResumed: resumed,
  keywordAnswersSent: answered,
});
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
