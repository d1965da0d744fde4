// Pure costing for bench/cost.ts: what a measured run used (handler invocations, store calls, state transitions,
// sends) priced from shared/reports/data/prices.json, and the naive design that wakes every account daily.
import { TABLE_ACTIONS_BY_METHOD, TABLE_WRITE_ACTIONS, type StoreMethod } from '../shared/adapters/dynamo-actions.ts';
import type { PriceTable } from '../shared/reports/cost.ts';

export interface MeasuredUsage {
  stateTransitions: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  emailsSent: number;
  textsSent: number;
}

export interface PricedUsage {
  stepFunctions: number;
  lambda: number;
  dynamodb: number;
  infrastructure: number;
  email: number;
  sms: number;
  messaging: number;
}

/**
 * GB-seconds of these invocations: each at its function's memory from the template, for prices.json's
 * averageDurationMs (offline durations say nothing about Lambda's, so the duration is that estimate, not measured).
 */
export function gbSecondsOf(invocations: ReadonlyMap<string, number>, memoryMb: ReadonlyMap<string, number>, prices: PriceTable): number {
  let gbSeconds = 0;
  for (const [fn, count] of invocations) {
    const mb = memoryMb.get(fn);
    if (mb === undefined) throw new Error(`no memory size for function ${fn}`);
    gbSeconds += count * (mb / 1024) * (prices.lambda.averageDurationMs / 1000);
  }
  return gbSeconds;
}

/**
 * DynamoDB request units of these store calls (by method; a batch call counted per item), ESTIMATED: each call
 * sends its method's table actions (shared/adapters/dynamo-actions.ts), and each action is taken as one unit, 1 WRU
 * for a write of an item ≤ 1 KB and 1 RRU for a read ≤ 4 KB. A Query of a long history reads more than 4 KB, so reads
 * are a lower bound; they are also the cheaper unit (a fifth of a write).
 */
export function requestUnitsOf(storeCalls: ReadonlyMap<string, number>): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const [method, count] of storeCalls) {
    const actions = TABLE_ACTIONS_BY_METHOD[method as StoreMethod];
    if (!actions) throw new Error(`no table actions known for store method ${method}`);
    for (const action of actions) {
      if (TABLE_WRITE_ACTIONS.has(action)) write += count;
      else read += count;
    }
  }
  return { read, write };
}

/** USD at list price, infrastructure and messaging apart. */
export function priceUsage(usage: MeasuredUsage, prices: PriceTable): PricedUsage {
  const stepFunctions = usage.stateTransitions * prices.stepFunctions.perStateTransition;
  const lambda = usage.lambdaRequests * prices.lambda.perRequest + usage.lambdaGbSeconds * prices.lambda.perGbSecond;
  const dynamodb =
    usage.dynamoReadUnits * prices.dynamodb.perReadRequestUnit + usage.dynamoWriteUnits * prices.dynamodb.perWriteRequestUnit;
  const email = usage.emailsSent * prices.email.perMessage;
  const sms = usage.textsSent * prices.sms.partsPerMessage * (prices.sms.perPart + prices.sms.carrierFeePerPart);
  return { stepFunctions, lambda, dynamodb, infrastructure: stepFunctions + lambda + dynamodb, email, sms, messaging: email + sms };
}

/**
 * The naive design: an EventBridge schedule wakes each open account every day, a Lambda loads it and a small state
 * machine decides whether a touch is due (Wait + Task + Choice = 3 transitions, one 1-RRU read), and sends the same
 * messages. Only the daily wake is counted here, not the work of the sends themselves, so the baseline is a LOWER
 * bound of what that design costs; it sends the same messages, so its messaging fees are the measured ones.
 */
export const NAIVE_WAKE = { lambdaRequests: 1, stateTransitions: 3, dynamoReadUnits: 1 } as const;

export function naiveUsage(
  openDays: readonly number[],
  sends: { emailsSent: number; textsSent: number },
  memoryMb: number,
  prices: PriceTable,
): MeasuredUsage {
  const days = openDays.reduce((n, d) => n + d, 0);
  return {
    stateTransitions: days * NAIVE_WAKE.stateTransitions,
    lambdaRequests: days * NAIVE_WAKE.lambdaRequests,
    lambdaGbSeconds: days * NAIVE_WAKE.lambdaRequests * (memoryMb / 1024) * (prices.lambda.averageDurationMs / 1000),
    dynamoReadUnits: days * NAIVE_WAKE.dynamoReadUnits,
    dynamoWriteUnits: 0,
    ...sends,
  };
}

/** Days an account was open (placement to resolution, or to the horizon), counting each day it would be woken. */
export function openDaysOf(placedAt: number, endedAt: number): number {
  return Math.max(1, Math.ceil((endedAt - placedAt) / 86_400_000));
}

/** Dollars per 1,000 accounts. */
export function perThousand(dollars: number, accounts: number): number {
  if (accounts <= 0) throw new Error('no accounts to divide by');
  return (dollars / accounts) * 1000;
}
