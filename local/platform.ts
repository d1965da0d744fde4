// The whole platform offline: the synthesized template's state machines on aws-local-stepfunctions, every Lambda task
// on its in-repo handler, dynalite for DynamoDB, S3 in memory with EventBridge routing, SNS and SES inbound, outboxes
// for email and SMS, and a virtual clock.
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoAccountStore } from '../shared/adapters/dynamo-account-store.ts';
import { DynamoCreditorStore } from '../shared/adapters/dynamo-creditor-store.ts';
import type { AccountStore, CreditorStore } from '../shared/ports.ts';
import { SesV2EmailSender } from '../shared/adapters/sesv2-email-sender.ts';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import Stripe from 'stripe';
import { ENV } from '../shared/lambda/environment.ts';
import { synthTemplate } from '../infra/synth.ts';
import { SES_EVENT_DETAIL_TYPES } from '../infra/constructs/delivery-events.ts';
import { messageTags } from '../shared/accounts/touch-id.ts';
import { Chaos } from './chaos.ts';
import { emulateDistributedMaps, bridgeTimeoutSecondsPath, withoutRetryJitter, type Definition } from './definition-transforms.ts';
import { documentClient, startLocalDynamo, LOCAL_CREDENTIALS, type LocalDynamo } from './dynamo.ts';
import {
  customEvent,
  deterministicId,
  functionUrlEvent,
  matchesEventPattern,
  s3ObjectCreatedEvent,
  scheduledEvent,
  sesDeliveryEvent,
  sesLambdaEvent,
  sentSmsMessage,
  smsDeliveryRecord,
  snsLambdaEvent,
  webhookEvent,
  type InboundMailEnvelope,
} from './event-sources.ts';
import type { Template } from './intrinsics.ts';
import { LOCAL_REGION } from './intrinsics.ts';
import { readItemBatches, writeMapResults } from './item-reader.ts';
import { HmacLinkSigner } from './hmac-link-signer.ts';
import { MemoryAccountStore, MemoryCreditorStore } from './memory-stores.ts';
import { LocalLetterOutbox } from './letter-outbox.ts';
import { LocalCheckout } from './local-checkout.ts';
import { LocalEmailOutbox, LocalSmsOutbox, MemoryFileStore } from './outboxes.ts';
import { sesSimulatorReports, smsSimulatorReports } from './provider-simulators.ts';
import { nextScheduledTime } from './schedule.ts';
import { SeededIds } from './seeded-ids.ts';
import { localSesClient, startSesInbox, type SesInbox } from './ses-inbox.ts';
import { LocalSendingIdentities } from './ses-identities.ts';
import { CreditorSenders, identityTags } from '../shared/creditors/sending-identity.ts';
import type { CreditorProfile } from '../shared/creditors/profile.ts';
import type { SendingIdentities } from '../shared/ports.ts';
import { LocalStepFunctions, type LocalMachine } from './step-functions.ts';
import { readTopology, type LocalFunction, type Topology } from './topology.ts';
import { VirtualClock } from './virtual-clock.ts';
import { WorkTracker } from './work-tracker.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface FunctionUrlResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

export interface LogLine {
  at: string;
  function: string;
  level: string;
  message: string;
}

export interface LocalPlatformOptions {
  /** Virtual time at which the world starts. */
  start: Date;
  /** Every id the platform mints comes from it (default 0): the same seed, the same ids. */
  seed?: number;
  /** A synthesized template; synthesized in-process when absent. */
  template?: Template;
  /** An SES inbox the caller keeps open beyond the platform (e.g. to browse it afterwards); else one of its own. */
  inbox?: SesInbox;
  /**
   * Fire the template's EventBridge schedules (the daily creditor reports) on the virtual clock. Off unless asked:
   * a recurring timer keeps the clock busy until the horizon, which workflow tests have no use for.
   */
  schedules?: boolean;
  /**
   * Virtual time a creditor's sending domain takes to verify after its identity is created (default an hour, as if
   * its DKIM records were published at once; 0 verifies it at once). Until then its email goes from the agency's domain.
   */
  sendingDomainVerifyAfterMs?: number;
  /** Chaos mode: the share (0 to below 1) of the handlers' AWS calls that fail, and of sends that crash (`local/chaos.ts`). */
  chaos?: number;
  /**
   * Where accounts and creditors live: the embedded DynamoDB (dynalite, the default: the DynamoDB adapters run as in
   * AWS) or memory (local/memory-stores.ts, the same contract, for big simulations). Chaos mode needs dynamo.
   */
  store?: StoreKind;
  /**
   * For big simulations: no execution histories (their transitions are still counted), no email bodies once the
   * debtors have read them, and no SES endpoint unless `inbox` is given (emails are kept in the outbox only).
   * Chaos mode, whose faults are in the SES calls, ignores it.
   */
  lean?: boolean;
}

export type StoreKind = 'dynamo' | 'memory';

/** Lambda's retries of a failed asynchronous invocation: a minute after the first attempt, two after the second. */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
const SENDING_DOMAIN_VERIFY_AFTER_MS = 3_600_000;

/** Where handlers' unused DynamoDB clients point when the stores are in memory: nothing listens, so a stray call fails. */
const NO_DYNAMO_ENDPOINT = 'http://127.0.0.1:1';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Makes the embedded store answer up to this many ms of real time late (see `LocalDynamoOptions.latencyMs`). */
export const STORE_LATENCY_ENV = 'TACTFUL_LOCAL_STORE_LATENCY_MS';

export class LocalPlatform {
  readonly files = new MemoryFileStore();
  readonly email: LocalEmailOutbox;
  /** The embedded SES endpoint every email goes through (none in a lean run without one given); its web inbox shows them. */
  readonly inbox: SesInbox | undefined;
  private readonly ownsInbox: boolean;
  readonly sms: LocalSmsOutbox;
  /** SES domain identities: creditors' sending domains, pending until they verify on the virtual clock. */
  readonly identities: LocalSendingIdentities;
  /** The print-and-mail stand-in: validation notices by letter. */
  readonly letters: LocalLetterOutbox;
  readonly logs: LogLine[] = [];
  /**
   * The store methods each function called, by function name. Offline nothing enforces IAM: a test holds these
   * against the table actions the template grants each function.
   */
  readonly storeCalls = new Map<string, Set<string>>();
  /** Handler invocations by function name, and store calls by method (a batch counts its items): bench/cost.ts prices them. */
  readonly invocations = new Map<string, number>();
  readonly storeCallCounts = new Map<string, number>();
  readonly tracker = new WorkTracker();
  readonly links: HmacLinkSigner;
  /** The reply-address key, apart from the link key as in AWS. */
  readonly replySigner: HmacLinkSigner;
  /** The Stripe webhook's signing secret (whsec_…): what the Secrets Manager secret holds in AWS. */
  readonly stripeSigningSecret: string;
  /** The key of the debtor's page links and its forms' nonces, apart from the others as in AWS. */
  readonly pageLinks: HmacLinkSigner;
  /** Hosted payments offline: a session's page completes the payment as the processor would report it. */
  readonly checkout: LocalCheckout;
  /**
   * Asynchronous invocations (EventBridge, SNS and SES deliveries) that failed every attempt: AWS would drop them or
   * keep them in a dead-letter queue.
   */
  readonly failedInvocations: Array<{ function: string; error: string }> = [];
  private readonly ids: SeededIds;
  /** Chaos mode's injector, when it is on. */
  readonly chaos: Chaos | undefined;
  /** The ports the handlers get: the platform's own, or in chaos mode the same behind injected faults. */
  private readonly handlerPorts: Pick<
    Record<string, unknown>,
    'store' | 'creditors' | 'workflow' | 'files' | 'email' | 'sms' | 'letters' | 'links' | 'replySigner' | 'identities' | 'pageLinks'
  >;
  private readonly handlerSes: SESv2Client | undefined;
  readonly topology: Topology;
  readonly store: AccountStore;
  readonly creditors: CreditorStore;
  readonly stepFunctions: LocalStepFunctions;
  readonly clock: VirtualClock;
  readonly bucket: string;
  /** The embedded DynamoDB, unless the stores are in memory. */
  private readonly dynamo: LocalDynamo | undefined;
  private readonly handlers = new Map<string, { fn: LocalFunction; handler: Handler }>();
  private readonly restoreConsole: () => void;
  /** The function each invocation runs, for its log lines: concurrent invocations each see their own. */
  private readonly currentFunction = new AsyncLocalStorage<string>();
  private ingestRuns = 0;
  private readonly scheduleTimers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(
    topology: Topology,
    dynamo: LocalDynamo | undefined,
    inbox: { inbox: SesInbox | undefined; owned: boolean },
    options: Pick<LocalPlatformOptions, 'start' | 'seed' | 'chaos' | 'sendingDomainVerifyAfterMs' | 'lean'>,
  ) {
    this.topology = topology;
    this.ids = new SeededIds(options.seed ?? 0);
    this.chaos = options.chaos ? new Chaos(options.chaos, this.ids) : undefined;
    this.links = new HmacLinkSigner(this.ids.key('link-signing'));
    this.replySigner = new HmacLinkSigner(this.ids.key('reply-signing'));
    this.stripeSigningSecret = `whsec_${this.ids.key('stripe-webhook').toString('hex')}`;
    this.pageLinks = new HmacLinkSigner(this.ids.key('page-signing'));
    this.sms = new LocalSmsOutbox(this.ids);
    this.identities = new LocalSendingIdentities(options.sendingDomainVerifyAfterMs ?? SENDING_DOMAIN_VERIFY_AFTER_MS);
    this.letters = new LocalLetterOutbox(this.ids);
    this.dynamo = dynamo;
    this.inbox = inbox.inbox;
    this.ownsInbox = inbox.owned;
    const configurationSet = topology.functions.find((f) => f.environment[ENV.emailConfigurationSet])?.environment[
      ENV.emailConfigurationSet
    ];
    if (!configurationSet) throw new Error(`The template has no function with ${ENV.emailConfigurationSet}`);
    const lean = options.lean === true;
    this.handlerSes = this.chaos ? localSesClient(this.inbox!.url) : undefined;
    this.handlerSes?.middlewareStack.use(this.chaos!.sdkFaults('ses', ['SendEmailCommand']));
    const sesClient = this.handlerSes ?? this.inbox?.client;
    const delivery = sesClient && new SesV2EmailSender(sesClient, configurationSet);
    this.email = new LocalEmailOutbox(delivery, this.ids, !lean);
    this.reportDeliveries(configurationSet);
    const table = topology.tables[0]!.TableName!;
    this.store = dynamo ? new DynamoAccountStore(dynamo.documents, table) : new MemoryAccountStore();
    this.creditors = dynamo ? new DynamoCreditorStore(dynamo.documents, table) : new MemoryCreditorStore();
    this.bucket = topology.functions.find((f) => f.environment[ENV.bucketName])?.environment[ENV.bucketName] ?? 'local-data';
    const machines: LocalMachine[] = topology.machines.map((m) => {
      const { definition, readers, writers, mapRunStates } = emulateDistributedMaps(
        withoutRetryJitter(bridgeTimeoutSecondsPath(m.definition)),
      );
      const localTasks = Object.fromEntries([
        ...Object.entries(readers).map(([state, config]) => [state, (input: unknown) => readItemBatches(this.files, config, input)]),
        ...Object.entries(writers).map(([state, config]) => [
          state,
          (input: unknown) => writeMapResults(this.files, config, input, this.ids.next(`map-run:${m.name}/${state}`)),
        ]),
      ]);
      return { name: m.name, arn: m.arn, definition: definition as Definition, localTasks, mapRunStates };
    });
    this.stepFunctions = new LocalStepFunctions(machines, (arn, payload) => this.invokeByArn(arn, payload), this.tracker, this.ids, !lean);
    this.restoreConsole = this.captureConsole();
    // Every object written to the bucket goes through EventBridge, as with S3's EventBridge notifications on.
    this.files.onPut(({ key, size }) => {
      void this.tracker.track(() => this.routeBucketEvent(key, size));
    });
    if (this.chaos && !dynamo) throw new Error('Chaos mode injects its store faults into DynamoDB calls: it needs the dynamo store');
    this.handlerPorts = this.chaos && dynamo ? this.portsBehindFaults(this.chaos, dynamo, table) : this.ownPorts();
    // Paying posts Stripe's signed events to the real webhook, as a paid Checkout Session does.
    this.checkout = new LocalCheckout(this.creditors, this.ids, (event) => this.postStripeEvent(event));
    this.clock = new VirtualClock(options.start, this.tracker);
  }

  static async start(given: LocalPlatformOptions): Promise<LocalPlatform> {
    // Chaos injects its faults into the SES calls, so a chaos run is never lean.
    const options = { ...given, lean: Boolean(given.lean && !given.chaos) };
    const topology = readTopology(options.template ?? (synthTemplate({ validate: false }) as Template));
    // The store starts before the clock is faked: dynalite's own timers stay real.
    const dynamo =
      options.store === 'memory'
        ? undefined
        : await startLocalDynamo(topology.tables, { latencyMs: Number(process.env[STORE_LATENCY_ENV] ?? 0) });
    const inbox = options.inbox
      ? { inbox: options.inbox, owned: false }
      : { inbox: options.lean ? undefined : await startSesInbox(), owned: true };
    configureEnvironment(topology, dynamo?.endpoint ?? NO_DYNAMO_ENDPOINT);
    const platform = new LocalPlatform(topology, dynamo, inbox, options);
    try {
      await platform.loadHandlers();
    } catch (error) {
      await platform.close();
      throw error;
    }
    if (options.schedules) platform.startSchedules();
    return platform;
  }

  /**
   * The operator onboards a creditor without a profile file: its profile in force, and its sending domain's identity
   * created as the creditor-profile function would.
   */
  async onboardCreditor(profile: CreditorProfile): Promise<void> {
    await this.creditors.putProfile(profile);
    const domain = profile.brand.sendingDomain;
    if (domain) await this.identities.createDomainIdentity(domain, identityTags(this.identityStack(), profile.creditorId));
  }

  /** The stack name the template gives its functions as the identity tag. */
  private identityStack(): string {
    const stack = this.topology.functions.find((f) => f.environment[ENV.identityStack])?.environment[ENV.identityStack];
    if (!stack) throw new Error(`The template has no function with ${ENV.identityStack}`);
    return stack;
  }

  /** A creditor drops a file into the bucket. */
  async putObject(key: string, body: string, contentType = 'text/csv'): Promise<void> {
    await this.files.putText(key, body, contentType);
  }

  /** A debtor texts one of our numbers: End User Messaging publishes it to the inbound SNS topic. */
  async receiveSms(message: Record<string, unknown>): Promise<void> {
    const now = new Date();
    const messageId = deterministicId(`sns:${JSON.stringify(message)}`);
    for (const sub of this.topology.smsSubscriptions) {
      await this.tracker.track(() =>
        this.invokeAsync(sub.functionArn, snsLambdaEvent(sub.topicArn, JSON.stringify(message), messageId, now)),
      );
    }
  }

  /** End User Messaging publishes an SMS event record to the configuration set's SNS destination. */
  async publishSmsEvent(record: Record<string, unknown>): Promise<void> {
    const now = new Date();
    const messageId = deterministicId(`sns:${JSON.stringify(record)}`);
    for (const sub of this.topology.smsEventSubscriptions) {
      await this.tracker.track(() =>
        this.invokeAsync(sub.functionArn, snsLambdaEvent(sub.topicArn, JSON.stringify(record), messageId, now)),
      );
    }
  }

  /**
   * The providers' delivery events for messages to AWS's simulator addresses and numbers (local/provider-simulators.ts):
   * SES puts them on the default bus, End User Messaging publishes them to SNS, each a few (virtual) seconds later.
   */
  private reportDeliveries(configurationSet: string): void {
    const later = (afterMs: number, report: () => Promise<void>): void => {
      setTimeout(() => void this.tracker.track(report), afterMs);
    };
    this.email.onSend((mail) => {
      const message = {
        messageId: mail.messageId,
        from: mail.fromAddress,
        to: mail.to,
        tags: messageTags(mail.touchId),
        sentAt: new Date(mail.at),
      };
      for (const { afterMs, report } of sesSimulatorReports(mail.to)) {
        later(afterMs, () =>
          this.routeEvent(sesDeliveryEvent(SES_EVENT_DETAIL_TYPES[report.eventType], configurationSet, message, report, new Date())),
        );
      }
    });
    this.sms.onSend((text) => {
      const message = sentSmsMessage(text);
      for (const { afterMs, report } of smsSimulatorReports(text.to)) {
        later(afterMs, () => this.publishSmsEvent(smsDeliveryRecord(report, message, new Date())));
      }
    });
  }

  /** A debtor emails a reply address: the receipt rule stores the raw MIME, then invokes the function. */
  async receiveEmail(raw: string, envelope: Omit<InboundMailEnvelope, 'messageId'>): Promise<void> {
    const now = new Date();
    const mail = { ...envelope, messageId: deterministicId(`ses:${raw}`).replaceAll('-', '') };
    const rule = this.topology.receiptRules.find((r) =>
      mail.to.some((address) => r.recipients.some((recipient) => address.toLowerCase().endsWith(recipient.toLowerCase()))),
    );
    if (!rule) throw new Error('No SES receipt rule accepts mail for this recipient');
    await this.tracker.track(async () => {
      for (const action of rule.actions) {
        if ('s3Prefix' in action) await this.files.putText(`${action.s3Prefix}${mail.messageId}`, raw, 'message/rfc822');
        else await this.invokeAsync(action.functionArn, sesLambdaEvent(mail, action.functionArn, now));
      }
    });
  }

  /** A person (or a mail client) opens a link to one of the stack's Function URLs. */
  async openUrl(href: string, method: 'GET' | 'POST' = 'GET'): Promise<FunctionUrlResponse> {
    const target = this.topology.functionUrls.find((f) => href.startsWith(f.url));
    if (!target) throw new Error(`No Function URL serves ${new URL(href).origin}`);
    return this.requestFunctionUrl(target.url, new URL(href), method);
  }

  /**
   * A request to the Function URL `functionUrl`, made at another address (a local server in front of it, such as the
   * debtor's page served on localhost): the function sees that address as its own.
   */
  async requestFunctionUrl(
    functionUrl: string,
    url: URL,
    method: 'GET' | 'POST',
    request: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<FunctionUrlResponse> {
    const target = this.topology.functionUrls.find((f) => f.url === functionUrl);
    if (!target) throw new Error(`No Function URL ${functionUrl}`);
    const response = await this.tracker.track(() =>
      this.invokeByArn(target.functionArn, functionUrlEvent(url, method, new Date(), request)),
    );
    return response as FunctionUrlResponse;
  }

  /** The Function URL of a function, by its folder name. */
  functionUrlOf(name: string): string {
    const fn = this.topology.functions.find((f) => f.name === name);
    const url = fn && this.topology.functionUrls.find((u) => u.functionArn === fn.arn);
    if (!url) throw new Error(`The function "${name}" has no Function URL`);
    return url.url;
  }

  /**
   * Stripe posts an event to the webhook's Function URL, signed now with the platform's signing secret (or with
   * `signedWith`: another secret, another time), as Stripe's own test helper signs it.
   */
  async postStripeEvent(
    event: Record<string, unknown>,
    signedWith: { secret?: string; at?: Date } = {},
  ): Promise<{ statusCode: number; body: string }> {
    const webhook = [...this.handlers.values()].find((h) => h.fn.name === 'stripe-webhook');
    const target = this.topology.functionUrls.find((f) => f.functionArn === webhook?.fn.arn);
    if (!target) throw new Error('The template has no Function URL for stripe-webhook');
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: signedWith.secret ?? this.stripeSigningSecret,
      timestamp: Math.floor((signedWith.at ?? new Date()).getTime() / 1000),
    });
    const request = webhookEvent(new URL(target.url), payload, { 'stripe-signature': signature }, new Date());
    return (await this.tracker.track(() => this.invokeByArn(target.functionArn, request))) as { statusCode: number; body: string };
  }

  /** Invokes a function by its folder name, as a direct Lambda invocation would. */
  async invoke(name: string, event: unknown): Promise<unknown> {
    const entry = [...this.handlers.values()].find((h) => h.fn.name === name);
    if (!entry) throw new Error(`No function "${name}" in the template`);
    return this.tracker.track(() => this.invokeByArn(entry.fn.arn, event));
  }

  async close(): Promise<void> {
    for (const timer of this.scheduleTimers) clearTimeout(timer);
    this.clock?.uninstall();
    this.restoreConsole?.();
    await this.dynamo?.close();
    this.handlerSes?.destroy();
    if (this.ownsInbox) await this.inbox?.close();
  }

  /** Each schedule rule invokes its targets at every firing time, as EventBridge does, on the virtual clock. */
  private startSchedules(): void {
    for (const schedule of this.topology.schedules) {
      const arm = (): void => {
        const at = nextScheduledTime(schedule.expression, new Date());
        const timer = setTimeout(() => {
          this.scheduleTimers.delete(timer);
          arm();
          for (const target of schedule.targets) {
            void this.tracker.track(() => this.invokeAsync(target, scheduledEvent(schedule.arn, at)));
          }
        }, at.getTime() - Date.now());
        this.scheduleTimers.add(timer);
      };
      arm();
    }
  }

  /** Puts an event on the default bus (as a payment processor would), delivered to every rule it matches. */
  async putEvent(source: string, detailType: string, detail: Record<string, unknown>): Promise<void> {
    await this.tracker.track(() => this.routeEvent(customEvent(source, detailType, detail, new Date())));
  }

  private async routeBucketEvent(key: string, size: number): Promise<void> {
    await this.routeEvent(s3ObjectCreatedEvent(this.bucket, key, size, new Date()));
  }

  private async routeEvent(event: Record<string, unknown>): Promise<void> {
    for (const rule of this.topology.rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      for (const target of rule.targets) {
        const machine = this.topology.machines.find((m) => m.arn === target);
        if (machine) {
          this.ingestRuns += 1;
          await this.stepFunctions.startExecution(machine.name, `${machine.name.toLowerCase()}-${this.ingestRuns}`, event);
        } else {
          await this.invokeAsync(target, event);
        }
      }
    }
  }

  private async invokeByArn(arn: string, payload: unknown): Promise<unknown> {
    const entry = this.handlers.get(arn);
    if (!entry) throw new Error(`No local handler for ${arn}`);
    this.invocations.set(entry.fn.name, (this.invocations.get(entry.fn.name) ?? 0) + 1);
    return this.currentFunction.run(entry.fn.name, async () => {
      const event = JSON.stringify(payload);
      const requestId = this.ids.next(`request:${entry.fn.name}:${deterministicId(event)}`);
      const run = () => entry.handler(JSON.parse(event), lambdaContext(entry.fn, requestId));
      const result = await (this.chaos ? this.chaos.within(requestId, run) : run());
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    });
  }

  /**
   * Invokes a function asynchronously, as EventBridge, SNS and SES do: Lambda makes a failed attempt again a minute
   * later, then two minutes after that, on the virtual clock.
   */
  private async invokeAsync(arn: string, payload: unknown, retryDelays = ASYNC_RETRY_DELAYS_MS): Promise<void> {
    try {
      await this.invokeByArn(arn, payload);
    } catch (error) {
      const [delay, ...later] = retryDelays;
      if (delay === undefined) {
        const { name, message } = error as Error;
        this.failedInvocations.push({ function: this.handlers.get(arn)?.fn.name ?? arn, error: `${name}: ${message}` });
        return;
      }
      setTimeout(() => void this.tracker.track(() => this.invokeAsync(arn, payload, later)), delay);
    }
  }

  private async loadHandlers(): Promise<void> {
    for (const fn of this.topology.functions) {
      const module = await import(pathToFileURL(`${ROOT}functions/${fn.name}/handler.ts`).href);
      if (typeof module.createHandler !== 'function') throw new Error(`functions/${fn.name}/handler.ts has no createHandler`);
      this.handlers.set(fn.arn, { fn, handler: module.createHandler(this.portsFor(fn)) });
    }
  }

  /** The local side of every port, with the same settings the function gets from its environment in AWS. */
  private portsFor(fn: LocalFunction): Record<string, unknown> {
    const env = fn.environment;
    const agencyMailDomain = env[ENV.agencyMailDomain];
    const calls = this.storeCalls.get(fn.name) ?? new Set<string>();
    this.storeCalls.set(fn.name, calls);
    return {
      ...this.handlerPorts,
      store: recordingCalls(this.handlerPorts.store as object, calls, this.storeCallCounts),
      creditors: recordingCalls(this.handlerPorts.creditors as object, calls, this.storeCallCounts),
      replyDomain: env[ENV.replyDomain] ?? '',
      unsubscribeBaseUrl: env[ENV.unsubscribeUrl] ?? '',
      signingSecrets: async () => [this.stripeSigningSecret],
      ...(env[ENV.portalUrl] ? { portalBaseUrl: env[ENV.portalUrl] } : {}),
      checkout: this.checkout,
      rawMailPrefix: this.rawMailPrefix(),
      identityStack: env[ENV.identityStack] ?? '',
      ...(agencyMailDomain
        ? {
            senders: new CreditorSenders({
              identities: this.handlerPorts.identities as SendingIdentities,
              agencyMailDomain,
              stack: env[ENV.identityStack] ?? '',
            }),
          }
        : {}),
      processors: JSON.parse(env[ENV.paymentProcessors] ?? '{}'),
      agency: {
        name: env[ENV.agencyName] ?? '',
        email: env[ENV.agencyEmail] ?? '',
        ...(env[ENV.agencySmsOrigination] ? { smsOrigination: env[ENV.agencySmsOrigination] } : {}),
        address: env[ENV.agencyAddress] ?? '',
      },
    };
  }

  private ownPorts(): LocalPlatform['handlerPorts'] {
    const { store, creditors, stepFunctions: workflow, files, email, sms, letters, links, replySigner, identities, pageLinks } = this;
    return { store, creditors, workflow, files, email, sms, letters, links, replySigner, identities, pageLinks };
  }

  /**
   * The ports behind chaos: the store through a client of its own with faults in its middleware (the simulator's
   * reads stay clean), the stand-ins of S3, Step Functions and KMS failing as their SDK calls would, and the senders
   * refusing and crashing. SES faults are in the handlers' SES client.
   */
  private portsBehindFaults(chaos: Chaos, dynamo: LocalDynamo, table: string): LocalPlatform['handlerPorts'] {
    const db = dynamo.connect();
    db.middlewareStack.use(chaos.sdkFaults('dynamodb'));
    const documents = documentClient(db);
    return {
      store: new DynamoAccountStore(documents, table),
      creditors: new DynamoCreditorStore(documents, table),
      workflow: chaos.port('states', this.stepFunctions, ['startLifecycle', 'resumeTask']),
      files: chaos.port('s3', this.files, ['getText', 'getBytes', 'putText'], ['streamBytes']),
      email: chaos.email(this.email),
      sms: chaos.sms(this.sms),
      letters: chaos.port('lob', this.letters, ['sendLetter']),
      links: chaos.port('kms', this.links, ['sign', 'verify']),
      replySigner: chaos.port('kms', this.replySigner, ['sign', 'verify']),
      identities: chaos.port('ses', this.identities, ['createDomainIdentity', 'getIdentityStatus']),
      pageLinks: chaos.port('kms', this.pageLinks, ['sign', 'verify']),
    };
  }

  /** Where the SES receipt rule's S3 action writes raw mail. */
  private rawMailPrefix(): string {
    for (const rule of this.topology.receiptRules) {
      for (const action of rule.actions) if ('s3Prefix' in action) return action.s3Prefix;
    }
    throw new Error('The template has no SES receipt rule that stores raw mail in S3');
  }

  /** Handler logs (Powertools, via the global console in dev mode) are kept, not printed. */
  private captureConsole(): () => void {
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    for (const level of Object.keys(original) as Array<keyof typeof original>) {
      console[level] = (...args: unknown[]) => {
        this.logs.push({
          at: new Date().toISOString(),
          function: this.currentFunction.getStore() ?? '-',
          level,
          message: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
        });
      };
    }
    return () => Object.assign(console, original);
  }
}

function configureEnvironment(topology: Topology, dynamoEndpoint: string): void {
  for (const fn of topology.functions) Object.assign(process.env, fn.environment);
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Tracing is off offline; without this the X-Ray SDK's automatic mode (cls-hooked) hooks every promise.
    AWS_XRAY_MANUAL_MODE: 'true',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  delete process.env[ENV.functionName];
}

function lambdaContext(fn: LocalFunction, awsRequestId: string): Record<string, unknown> {
  return {
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The object, with the name of every method called on it added to `calls`. */
function recordingCalls<T extends object>(target: T, calls: Set<string>, counts: Map<string, number>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.add(property);
        counts.set(property, (counts.get(property) ?? 0) + (Array.isArray(args[0]) ? args[0].length : 1));
        return value.apply(object, args);
      };
    },
  });
}
