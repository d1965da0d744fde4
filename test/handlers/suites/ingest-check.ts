// functions/ingest-check: the first Ingest step streams the placement file from S3, refuses an unusable file whole, and
// hands the Map every line that repeats an earlier account_ref.
import '../setup/env.ts';
import { Readable } from 'node:stream';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkStreamMixin } from '@smithy/util-stream';
import { InvalidEventError } from '../../../shared/lambda/retry-class.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TEST_ENV } from '../setup/env.ts';
import { s3Mock as s3, ddbMock as ddb, resetAwsMocks } from '../setup/aws-mocks.ts';
import { acmeProfile, lambdaContext } from '../setup/fakes.ts';

type CheckModule = typeof import('../../../functions/ingest-check/handler.ts');

const KEY = 'creditors/acme/inbox/placements/p.csv';
const HEADER = 'account_ref,debtor_name,balance,currency,delinquency_date,email\n';
const row = (ref: string) => `${ref},Ann,12.50,USD,2025-01-01,${ref.toLowerCase()}@example.com\n`;

/** An S3 body that arrives in several chunks, and remembers whether the reader let go of it. */
function body(chunks: string[]) {
  const stream = Readable.from(chunks.map((c) => Buffer.from(c, 'utf8')));
  return { stream, Body: sdkStreamMixin(stream) };
}

describe('functions/ingest-check', () => {
  let module: CheckModule;
  beforeAll(async () => {
    module = await import('../../../functions/ingest-check/handler.ts');
  });

  describe('module-scope handler, S3 + DynamoDB mocked', () => {
    beforeEach(() => {
      resetAwsMocks();
      ddb.on(GetCommand, { Key: { pk: 'CREDITOR#acme', sk: 'PROFILE' } }).resolves({ Item: { profile: acmeProfile() } });
    });

    it('streams the file from the configured bucket, returns the repeated lines and writes the receipt', async () => {
      const { Body } = body([HEADER, row('A1') + row('A2'), row('A1')]);
      s3.on(GetObjectCommand).resolves({ Body });
      s3.on(PutObjectCommand).resolves({});

      await expect(module.handler({ key: KEY }, lambdaContext('ingest-check'))).resolves.toEqual({
        usable: true,
        repeats: { '4': 2 },
        overlong: {},
        itemsKey: KEY,
      });
      expect(s3).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, { Bucket: TEST_ENV.BUCKET_NAME, Key: KEY });
      const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
      expect(put).toMatchObject({
        Bucket: TEST_ENV.BUCKET_NAME,
        Key: 'creditors/acme/outbox/acknowledgements/p.csv.received.json',
        ContentType: 'application/json',
      });
      expect(JSON.parse(String(put.Body))).toMatchObject({ file: 'p.csv', rows: 3, toPlace: 2, rejected: 1 });
    });

    it(`stops the download past MAX_PLACEMENT_BYTES (${TEST_ENV.MAX_PLACEMENT_BYTES}) and refuses the file`, async () => {
      const rows = Array.from({ length: 3_000 }, (_, i) => row(`R${i}`));
      const { stream, Body } = body([HEADER, ...rows]);
      s3.on(GetObjectCommand).resolves({ Body });

      await expect(module.handler({ key: KEY }, lambdaContext('ingest-check'))).resolves.toEqual({
        usable: false,
        reason: `the file is larger than the ${TEST_ENV.MAX_PLACEMENT_BYTES}-byte limit`,
      });
      expect(stream.destroyed).toBe(true);
      expect(s3).not.toHaveReceivedCommand(PutObjectCommand); // a refused file gets its acknowledgement, not a receipt
    });

    it('refuses a file of a creditor without a profile before downloading it', async () => {
      ddb.on(GetCommand).resolves({});
      await expect(module.handler({ key: 'creditors/initech/inbox/placements/p.csv' }, lambdaContext('ingest-check'))).resolves.toEqual({
        usable: false,
        reason: 'creditor "initech" has no accepted profile',
      });
      expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    });

    it('rejects an input without a key with an InvalidEventError', async () => {
      await expect(module.handler({} as never, lambdaContext('ingest-check'))).rejects.toBeInstanceOf(InvalidEventError);
    });
  });
});
