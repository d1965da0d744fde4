// `tactful smoke`: the end-to-end check of a deployment. It places a throwaway creditor's profile and four debtors
// whose contacts are AWS's simulators, waits for each file's acknowledgement, then for the executions, the success
// touch and the bounce and complaint coming back; then recalls the accounts and deletes its files. The same steps run
// against a deployed stack (`aws-smoke-target.ts`) or the embedded platform (`offline-smoke-target.ts`).
import { orderEvents, type AccountEvent } from '../../shared/accounts/events.ts';
import { outboxKey } from '../../shared/creditors/inbox.ts';
import { smokeFixture, type SmokeDebtor, type SmokeExpectation, type SmokeFixture } from './smoke-fixture.ts';

/** Where the smoke test runs: what it may do to a deployment and what it may read back. */
export interface SmokeTarget {
  now(): Date;
  putFile(key: string, body: string, contentType: string): Promise<void>;
  /** The file's text, or undefined while it does not exist. */
  readFile(key: string): Promise<string | undefined>;
  /** Deletes every object under the prefix; returns how many. */
  deleteFiles(prefix: string): Promise<number>;
  /** The account's events, or undefined while it has none. */
  accountEvents(accountId: string): Promise<AccountEvent[] | undefined>;
  /** The status of the account's Lifecycle execution, or undefined while none was started. */
  executionStatus(accountId: string): Promise<string | undefined>;
  /** Lets time pass: real time against a stack, virtual time offline. */
  wait(ms: number): Promise<void>;
}

export interface SmokeOptions {
  creditorId: string;
  originationNumber: string;
  senderEmail: string;
  /** How long to wait for each step before calling it a miss. */
  timeoutMs: number;
  pollMs: number;
  /** Leave the files and accounts in place (to look at them); the default cleans up. */
  keep?: boolean;
  print: (line: string) => void;
}

export interface SmokeCheck {
  name: string;
  ok: boolean;
  /** What the check saw: on a miss, what there was instead. */
  saw: string;
}

export interface SmokeResult {
  ok: boolean;
  checks: SmokeCheck[];
}

/** The event on a debtor's account that proves its expectation, as the delivery-events function records it. */
const PROOF: Record<SmokeExpectation, { label: string; holds: (e: AccountEvent) => boolean }> = {
  'email-delivered': {
    label: 'SES reported the email delivered',
    holds: (e) => e.type === 'delivery-delivered' && e.channel === 'email',
  },
  'email-bounced': {
    label: 'the hard bounce came back',
    holds: (e) => e.type === 'delivery-bounced' && e.bounceType === 'permanent',
  },
  'email-complained': { label: 'the complaint came back', holds: (e) => e.type === 'delivery-complained' },
  'sms-delivered': {
    label: 'End User Messaging reported the text delivered',
    holds: (e) => e.type === 'delivery-delivered' && e.channel === 'sms',
  },
};

export async function runSmoke(target: SmokeTarget, options: SmokeOptions): Promise<SmokeResult> {
  const fixture = smokeFixture({ ...options, now: target.now() });
  const checks: SmokeCheck[] = [];
  const check = (name: string, ok: boolean, saw: string): boolean => {
    checks.push({ name, ok, saw });
    options.print(`${ok ? 'ok  ' : 'MISS'} ${name}: ${saw}`);
    return ok;
  };
  const poll = <T>(read: () => Promise<T | undefined>) => pollUntil(target, options, read);
  const { creditorId } = fixture;
  const ack = (file: string, suffix: string) => outboxKey(creditorId, 'acknowledgements', `${file}.${suffix}`);

  options.print(`Smoke test as creditor ${creditorId}: debtors in ${fixture.place.city}, ${fixture.place.state}`);
  if (fixture.contactableAt > target.now()) {
    options.print(`No US zone allows contact now; the first touches wait until ${fixture.contactableAt.toISOString()}`);
  }
  try {
    await target.putFile(`creditors/${creditorId}/inbox/profile.json`, JSON.stringify(fixture.profile, null, 2), 'application/json');
    const profileAck = await poll(() => target.readFile(ack('profile.json', 'ack.json')));
    const profileStatus = profileAck === undefined ? undefined : (JSON.parse(profileAck) as { status?: string; rejections?: unknown });
    if (
      !check(
        'profile accepted',
        profileStatus?.status === 'accepted',
        profileStatus === undefined
          ? 'no acknowledgement'
          : `status ${profileStatus.status} ${JSON.stringify(profileStatus.rejections ?? [])}`,
      )
    ) {
      return { ok: false, checks };
    }

    await target.putFile(`creditors/${creditorId}/inbox/placements/${fixture.placementFile}`, fixture.placementCsv, 'text/csv');
    const receipt = await poll(() => target.readFile(ack(fixture.placementFile, 'received.json')));
    check('placement received', receipt !== undefined, receipt === undefined ? 'no receipt' : 'receipt written');
    const placementAck = await poll(() => target.readFile(ack(fixture.placementFile, 'ack.json')));
    const placed = placementAck === undefined ? undefined : (JSON.parse(placementAck) as { accepted?: number; rejections?: unknown });
    if (
      !check(
        'placement acknowledged',
        placed?.accepted === fixture.debtors.length,
        placed === undefined ? 'no acknowledgement' : `${placed.accepted} accepted, rejections ${JSON.stringify(placed.rejections ?? [])}`,
      )
    ) {
      return { ok: false, checks };
    }

    for (const debtor of fixture.debtors) {
      const status = await poll(() => target.executionStatus(debtor.accountId));
      check(`${debtor.ref} execution started`, status !== undefined, status ?? 'no execution');
    }
    const untilContactable = fixture.contactableAt.getTime() - target.now().getTime();
    if (untilContactable > 0) await target.wait(untilContactable);
    for (const debtor of fixture.debtors) await checkProof(debtor);
    return { ok: checks.every((c) => c.ok), checks };
  } finally {
    if (!options.keep) await cleanUp(target, fixture, options, poll);
  }

  async function checkProof(debtor: SmokeDebtor): Promise<void> {
    const proof = PROOF[debtor.expect];
    const events = await poll(async () => {
      const seen = await target.accountEvents(debtor.accountId);
      return seen?.some(proof.holds) ? seen : undefined;
    });
    const seen = orderEvents(events ?? (await target.accountEvents(debtor.accountId)) ?? []);
    check(`${debtor.ref} ${proof.label}`, events !== undefined, seen.map(describeEvent).join(', ') || 'no events');
  }
}

/** Recalls the accounts (their workflows end), then deletes the creditor's files. The events expire with the table's TTL. */
async function cleanUp(
  target: SmokeTarget,
  fixture: SmokeFixture,
  options: SmokeOptions,
  poll: <T>(read: () => Promise<T | undefined>) => Promise<T | undefined>,
): Promise<void> {
  const { creditorId } = fixture;
  const recall = `recall-${fixture.placementFile}`;
  const rows = fixture.debtors.map((d) => `recall,${d.ref},true`);
  await target.putFile(
    `creditors/${creditorId}/inbox/instructions/${recall}`,
    `action,account_ref,force\n${rows.join('\n')}\n`,
    'text/csv',
  );
  const recalled = await poll(() => target.readFile(outboxKey(creditorId, 'acknowledgements', `${recall}.ack.json`)));
  options.print(recalled === undefined ? 'cleanup: the recall was not acknowledged in time' : 'cleanup: accounts recalled');
  const deleted = await target.deleteFiles(`creditors/${creditorId}/`);
  options.print(`cleanup: deleted ${deleted} files under creditors/${creditorId}/`);
}

async function pollUntil<T>(
  target: SmokeTarget,
  options: Pick<SmokeOptions, 'timeoutMs' | 'pollMs'>,
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = target.now().getTime() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined || target.now().getTime() >= deadline) return value;
    await target.wait(options.pollMs);
  }
}

function describeEvent(event: AccountEvent): string {
  return 'channel' in event ? `${event.type}(${event.channel})` : event.type;
}
