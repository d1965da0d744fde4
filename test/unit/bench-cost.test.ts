import { describe, expect, it } from 'vitest';
import { gbSecondsOf, naiveUsage, openDaysOf, perThousand, priceUsage, requestUnitsOf } from '../../bench/cost-model.ts';
import { DEFAULT_PRICES, type PriceTable } from '../../shared/reports/cost.ts';

const DAY = 86_400_000;

describe('costing a measured run', () => {
  it('charges each invocation at its own function memory for the table’s average duration', () => {
    const invocations = new Map([
      ['plan', 10],
      ['creditor-reports', 2],
    ]);
    const memory = new Map([
      ['plan', 512],
      ['creditor-reports', 1024],
    ]);
    const seconds = DEFAULT_PRICES.lambda.averageDurationMs / 1000;
    expect(gbSecondsOf(invocations, memory, DEFAULT_PRICES)).toBeCloseTo(10 * 0.5 * seconds + 2 * 1 * seconds, 10);
  });

  it('refuses a function whose memory it does not know rather than pricing it at nothing', () => {
    expect(() => gbSecondsOf(new Map([['ghost', 1]]), new Map(), DEFAULT_PRICES)).toThrow(/ghost/);
  });

  it('counts one unit per table action of each store call, writes and reads apart', () => {
    // appendEvent: PutItem + GetItem + UpdateItem; loadHistory: GetItem + Query; createAccounts per item: BatchGet + BatchWrite.
    const units = requestUnitsOf(
      new Map([
        ['appendEvent', 3],
        ['loadHistory', 2],
        ['createAccounts', 5],
      ]),
    );
    expect(units).toEqual({ write: 3 * 2 + 5, read: 3 + 2 * 2 + 5 });
  });

  it('refuses a store method it has no table actions for', () => {
    expect(() => requestUnitsOf(new Map([['dropTable', 1]]))).toThrow(/dropTable/);
  });

  it('prices infrastructure and messaging apart from the price table', () => {
    const prices: PriceTable = {
      currency: 'USD',
      recorded: 'test',
      email: { perMessage: 1 },
      sms: { perPart: 2, carrierFeePerPart: 1, partsPerMessage: 2 },
      stepFunctions: { perStateTransition: 10 },
      lambda: { perRequest: 100, perGbSecond: 1000, memoryGb: 0.5, averageDurationMs: 100 },
      dynamodb: { perWriteRequestUnit: 10_000, perReadRequestUnit: 100_000 },
    };
    const priced = priceUsage(
      { stateTransitions: 1, lambdaRequests: 1, lambdaGbSeconds: 1, dynamoReadUnits: 1, dynamoWriteUnits: 1, emailsSent: 1, textsSent: 1 },
      prices,
    );
    expect(priced).toEqual({
      stepFunctions: 10,
      lambda: 1100,
      dynamodb: 110_000,
      infrastructure: 111_110,
      email: 1,
      sms: 6,
      messaging: 7,
    });
  });

  it('wakes every open account once a day in the naive design, with the same sends', () => {
    const naive = naiveUsage([10, 30], { emailsSent: 4, textsSent: 2 }, 512, DEFAULT_PRICES);
    expect(naive).toMatchObject({
      stateTransitions: 120,
      lambdaRequests: 40,
      dynamoReadUnits: 40,
      dynamoWriteUnits: 0,
      emailsSent: 4,
      textsSent: 2,
    });
    expect(naive.lambdaGbSeconds).toBeCloseTo(40 * 0.5 * (DEFAULT_PRICES.lambda.averageDurationMs / 1000), 10);
  });

  it('counts a started day as a day open, and at least one', () => {
    expect(openDaysOf(0, 0)).toBe(1);
    expect(openDaysOf(0, DAY)).toBe(1);
    expect(openDaysOf(0, DAY + 1)).toBe(2);
    expect(openDaysOf(0, 120 * DAY)).toBe(120);
  });

  it('scales to 1,000 accounts and refuses an empty portfolio', () => {
    expect(perThousand(0.5, 100)).toBeCloseTo(5, 10);
    expect(() => perThousand(1, 0)).toThrow();
  });
});
