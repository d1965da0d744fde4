// What running the platform costs for some accounts: messages at list price plus the infrastructure their events are
// estimated to use (Step Functions, Lambda, DynamoDB), and that cost per dollar collected.
import type { AccountEvent } from '../accounts/events.ts';
import { currencyExponent } from '../money.ts';
import defaultPrices from './data/prices.json' with { type: 'json' };

export interface CostBreakdown {
  currency: string;
  emailsSent: number;
  textsSent: number;
  stateTransitions: number;
  /** How many accounts' transitions were measured; the others' are estimated from their events. */
  transitionsMeasuredFor: number;
  lambdaInvocations: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  email: number;
  sms: number;
  stepFunctions: number;
  lambda: number;
  dynamodb: number;
  total: number;
}

/** Cost (USD list prices) ÷ amount collected in major units; null when nothing was collected. */
export interface CostPerDollarCollected {
  value: number | null;
  n: number;
  collected: number;
  cost: CostBreakdown;
}

export interface PriceTable {
  currency: string;
  recorded: string;
  email: { perMessage: number };
  sms: { perPart: number; carrierFeePerPart: number; partsPerMessage: number };
  stepFunctions: { perStateTransition: number };
  lambda: { perRequest: number; perGbSecond: number; memoryGb: number; averageDurationMs: number };
  dynamodb: { perWriteRequestUnit: number; perReadRequestUnit: number };
}

/** Current AWS list prices, with their sources and date, from `data/prices.json`. */
export const DEFAULT_PRICES: PriceTable = defaultPrices;

export interface Usage {
  lambdaInvocations: number;
  stateTransitions: number;
  dynamoWrites: number;
  dynamoReads: number;
}

/** What the cost estimate needs of one account. */
export interface CostFacts {
  emailsSent: number;
  textsSent: number;
  /** Estimated from the events (see USAGE_PER_EVENT). */
  usage: Usage;
  /** Step Functions state transitions measured for the account, when they were. */
  measuredTransitions?: number;
}

// Infrastructure use per event: ESTIMATES read off the event model, the workflows and the DynamoDB adapter, not
// measurements. Recording any event is one conditional Put and two Updates (3 write units); a handler that loads the
// account reads its item and queries its events (≈ 3 read units, consistent); parking a task token is one write.
// State transitions here are used only for accounts whose measured count is not given.
const APPEND = 3;
const LOAD = 3;
export const USAGE_PER_EVENT: Readonly<Partial<Record<string, Usage>>> = {
  // ingest-batch (its share of a batch, counted as one) creates the account and its contact routes, and starts the
  // execution; its first Plan records the placement.
  placed: { lambdaInvocations: 1, stateTransitions: 1, dynamoWrites: APPEND + 3, dynamoReads: 2 },
  // Recorded by the Plan that found the last stage over, which loads the account again and decides in the new one.
  'stage-entered': { lambdaInvocations: 0, stateTransitions: 0, dynamoWrites: APPEND, dynamoReads: LOAD },
  // Plan → Act (Send, which parks its token), and before about every other touch a wait (Plan → Act: Await-until).
  'touch-sent': { lambdaInvocations: 3, stateTransitions: 3, dynamoWrites: APPEND + 2, dynamoReads: 2 * LOAD },
  'touch-suppressed': { lambdaInvocations: 3, stateTransitions: 3, dynamoWrites: APPEND + 2, dynamoReads: 2 * LOAD },
  // The inbound handler finds the account by contact route and records the reply; the woken Plan runs.
  'reply-received': { lambdaInvocations: 2, stateTransitions: 2, dynamoWrites: APPEND, dynamoReads: 1 + 2 * LOAD },
  // A creditor instruction row (instructions handler), then the woken Plan.
  'payment-received': { lambdaInvocations: 2, stateTransitions: 2, dynamoWrites: APPEND, dynamoReads: 1 + LOAD },
  'handoff-approved': { lambdaInvocations: 2, stateTransitions: 2, dynamoWrites: APPEND, dynamoReads: 1 + LOAD },
  'handoff-declined': { lambdaInvocations: 2, stateTransitions: 2, dynamoWrites: APPEND, dynamoReads: 1 + LOAD },
  // The one-click unsubscribe Function URL (or the carrier's report), then the woken Plan.
  'opted-out': { lambdaInvocations: 2, stateTransitions: 2, dynamoWrites: APPEND, dynamoReads: 1 + LOAD },
  // request-handoff writes the request file and parks the approval task's token.
  'handoff-requested': { lambdaInvocations: 1, stateTransitions: 2, dynamoWrites: APPEND + 1, dynamoReads: LOAD },
  // The Act that runs Resolve, the Choice its resume leads to and the Succeed state (the Plan that chose it is counted
  // with the event that woke it).
  resolved: { lambdaInvocations: 1, stateTransitions: 3, dynamoWrites: APPEND, dynamoReads: 0 },
  // Recorded inside a Plan or Send that is already counted.
  'promise-broken': { lambdaInvocations: 0, stateTransitions: 0, dynamoWrites: APPEND, dynamoReads: 0 },
  'channel-unreachable': { lambdaInvocations: 0, stateTransitions: 0, dynamoWrites: APPEND, dynamoReads: 0 },
  'variant-assigned': { lambdaInvocations: 0, stateTransitions: 0, dynamoWrites: APPEND, dynamoReads: 0 },
};
/** Any other event: recorded by a handler from outside, which wakes a Plan. */
export const USAGE_OTHER_EVENT: Usage = { lambdaInvocations: 2, stateTransitions: 2, dynamoWrites: APPEND, dynamoReads: 1 + LOAD };

/** Estimated infrastructure use of one account's events (see USAGE_PER_EVENT). */
export function estimateUsage(events: readonly AccountEvent[]): Usage {
  const total: Usage = { lambdaInvocations: 0, stateTransitions: 0, dynamoWrites: 0, dynamoReads: 0 };
  for (const event of events) {
    const usage = USAGE_PER_EVENT[event.type] ?? USAGE_OTHER_EVENT;
    total.lambdaInvocations += usage.lambdaInvocations;
    total.stateTransitions += usage.stateTransitions;
    total.dynamoWrites += usage.dynamoWrites;
    total.dynamoReads += usage.dynamoReads;
  }
  return total;
}

/** The cost of these accounts, in the price table's currency, ÷ what they paid, in their currency's major units. */
export function costPerDollarCollected(
  all: readonly CostFacts[],
  collectedMinor: number,
  currency: string,
  prices: PriceTable,
): CostPerDollarCollected {
  const cost = costOf(all, prices);
  const collectedMajor = collectedMinor / 10 ** currencyExponent(currency);
  return { value: collectedMinor > 0 ? cost.total / collectedMajor : null, n: all.length, collected: collectedMajor, cost };
}

function costOf(all: readonly CostFacts[], prices: PriceTable): CostBreakdown {
  let emailsSent = 0;
  let textsSent = 0;
  let stateTransitions = 0;
  let transitionsMeasuredFor = 0;
  let lambdaInvocations = 0;
  let dynamoWriteUnits = 0;
  let dynamoReadUnits = 0;
  for (const { emailsSent: emails, textsSent: texts, usage, measuredTransitions } of all) {
    emailsSent += emails;
    textsSent += texts;
    if (measuredTransitions !== undefined) {
      stateTransitions += measuredTransitions;
      transitionsMeasuredFor += 1;
    } else {
      stateTransitions += usage.stateTransitions;
    }
    lambdaInvocations += usage.lambdaInvocations;
    dynamoWriteUnits += usage.dynamoWrites;
    dynamoReadUnits += usage.dynamoReads;
  }
  const email = emailsSent * prices.email.perMessage;
  const sms = textsSent * prices.sms.partsPerMessage * (prices.sms.perPart + prices.sms.carrierFeePerPart);
  const stepFunctions = stateTransitions * prices.stepFunctions.perStateTransition;
  const lambda =
    lambdaInvocations *
    (prices.lambda.perRequest + prices.lambda.memoryGb * (prices.lambda.averageDurationMs / 1000) * prices.lambda.perGbSecond);
  const dynamodb = dynamoWriteUnits * prices.dynamodb.perWriteRequestUnit + dynamoReadUnits * prices.dynamodb.perReadRequestUnit;
  return {
    currency: prices.currency,
    emailsSent,
    textsSent,
    stateTransitions,
    transitionsMeasuredFor,
    lambdaInvocations,
    dynamoWriteUnits,
    dynamoReadUnits,
    email,
    sms,
    stepFunctions,
    lambda,
    dynamodb,
    total: email + sms + stepFunctions + lambda + dynamodb,
  };
}
