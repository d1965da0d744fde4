// Chaos mode (`tactful simulate --chaos RATE`): RATE of the handlers' AWS requests fail as AWS may fail them (a
// throttle, a 5xx, a timeout), before the request goes out, and RATE of the messages a provider accepted are followed
// by a crash of Send before it records them. The platform's retries must absorb all of it. Every draw comes from the
// seed, the invocation and the call, never from the order calls happen in, so a run replays.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pluggable } from '@smithy/types';
import type { EmailMessage, EmailSender, SmsMessage, SmsSender } from '../shared/ports.ts';
import { deterministicId } from './event-sources.ts';
import type { SeededIds } from './seeded-ids.ts';

type Fault = 'throttling' | 'server-error' | 'timeout';
const ANY_FAULT: readonly Fault[] = ['throttling', 'server-error', 'timeout'];
/**
 * What a send may meet before the provider takes the message: an answer refusing it for now. A timeout there is a
 * send whose outcome is unknown, which Send rightly never repeats; chaos loses an outcome only after delivery (the crash).
 */
const REFUSALS: readonly Fault[] = ['throttling', 'server-error'];
/** A stand-in for an SDK client fails a call only when each of the SDK's default three attempts would have. */
const SDK_ATTEMPTS = 3;

/** The invocation a call is made in (its request id): concurrent handlers' identical calls draw apart. */
const invocation = new AsyncLocalStorage<string>();

export class Chaos {
  readonly rate: number;
  /** What was injected so far: failed attempts of AWS calls, and sends crashed after delivery. */
  readonly injected = { faults: 0, crashes: 0 };
  private readonly ids: SeededIds;

  constructor(rate: number, ids: SeededIds) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`The chaos rate is a share of calls from 0 to below 1, got ${rate}`);
    this.rate = rate;
    this.ids = ids;
  }

  /** Runs a handler invocation, whose calls draw their faults under its request id. */
  within<T>(requestId: string, work: () => Promise<T>): Promise<T> {
    return invocation.run(requestId, work);
  }

  /**
   * A middleware for a real SDK client: it runs inside the client's retries, once per attempt, and throws before the
   * request is sent. `sends` are the commands that hand a message to a provider.
   */
  sdkFaults(service: string, sends: readonly string[] = []): Pluggable<any, any> {
    return {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            const command = context.commandName ?? 'Command';
            const fault = this.draw(`${service}.${command}`, [args.input], sends.includes(command) ? REFUSALS : ANY_FAULT);
            if (fault) throw fault;
            return next(args);
          },
          { step: 'deserialize', name: 'chaosFaults' },
        );
      },
    };
  }

  /**
   * A stand-in port (S3, Step Functions, KMS) whose `methods` fail as their SDK calls would, after the SDK's retries;
   * `streams` fail before their first chunk.
   */
  port<T extends object>(
    service: string,
    target: T,
    methods: ReadonlyArray<keyof T & string>,
    streams: ReadonlyArray<keyof T & string> = [],
  ): T {
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        const name = String(property);
        const call = (...args: unknown[]): unknown => value.apply(object, args);
        if (methods.includes(name as keyof T & string)) {
          return async (...args: unknown[]) => {
            this.failAfterRetries(`${service}.${name}`, args, ANY_FAULT);
            return call(...args);
          };
        }
        if (streams.includes(name as keyof T & string)) {
          const chaos = this;
          return async function* (...args: unknown[]) {
            chaos.failAfterRetries(`${service}.${name}`, args, ANY_FAULT);
            yield* call(...args) as AsyncIterable<unknown>;
          };
        }
        return call;
      },
    });
  }

  /** The email the Send handler hands over: refused now and then, and now and then not recorded once taken. */
  email(sender: EmailSender): EmailSender {
    return { sendEmail: (message) => this.deliverThenCrash('email', message, () => sender.sendEmail(message)) };
  }

  /** The SMS stand-in, refused now and then before it takes a text, and crashed after now and then. */
  sms(sender: SmsSender): SmsSender {
    return {
      sendSms: (message) => {
        this.failAfterRetries('sms.SendTextMessage', [message], REFUSALS);
        return this.deliverThenCrash('sms', message, () => sender.sendSms(message));
      },
    };
  }

  private async deliverThenCrash(
    channel: 'email' | 'sms',
    message: EmailMessage | SmsMessage,
    deliver: () => Promise<{ messageId: string }>,
  ): Promise<{ messageId: string }> {
    const delivered = await deliver();
    if (this.chance(`crash:${channel}:${message.touchId}`) < this.rate) {
      this.injected.crashes += 1;
      // What Lambda reports when the function's process dies mid-invocation.
      throw Object.assign(new Error(`Chaos: the function crashed after the provider took ${message.touchId}`), {
        name: 'Runtime.ExitError',
      });
    }
    return delivered;
  }

  private failAfterRetries(call: string, args: unknown[], faults: readonly Fault[]): void {
    let fault: Error | undefined;
    for (let attempt = 0; attempt < SDK_ATTEMPTS; attempt += 1) {
      fault = this.draw(call, args, faults);
      if (!fault) return;
    }
    throw fault;
  }

  /** A fault for this call's next attempt, or none. */
  private draw(call: string, args: unknown[], faults: readonly Fault[]): Error | undefined {
    const key = `${invocation.getStore() ?? '-'}:${call}:${deterministicId(JSON.stringify(args) ?? '')}`;
    const roll = this.chance(key);
    if (roll >= this.rate) return undefined;
    this.injected.faults += 1;
    return faultError(faults[Math.floor((roll / this.rate) * faults.length)]!, call);
  }

  /** A number in [0, 1) drawn for `key`: the seed and the how-manieth draw for that key decide it. */
  private chance(key: string): number {
    return Number.parseInt(this.ids.next(`chaos:${key}`).slice(0, 8), 16) / 2 ** 32;
  }
}

/** The error an AWS SDK call throws for the fault, as the SDK's retry logic and `retryClassOf` read it. */
function faultError(fault: Fault, call: string): Error {
  switch (fault) {
    case 'throttling':
      return Object.assign(new Error(`Chaos: ${call} throttled`), {
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        $retryable: { throttling: true },
      });
    case 'server-error':
      return Object.assign(new Error(`Chaos: ${call} unavailable`), {
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      });
    case 'timeout':
      return Object.assign(new Error(`Chaos: ${call} timed out before it was sent`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
  }
}
