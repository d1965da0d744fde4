// Whether a retry can help (shared/errors.ts), and how a failure is named as it leaves a function
// (shared/lambda/retry-class.ts): the names the workflows' Retry rules match.
import { ParseError } from '@aws-lambda-powertools/parser';
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { PERMANENT_ERROR_NAMES, PermanentError, retryClassOf, TransientError } from '../../shared/errors.ts';
import { PaymentCreditorMismatchError, PaymentProcessorNotAllowedError } from '../../shared/usecases/record-processor-payment.ts';
import { InvalidEventError, namedByRetryClass } from '../../shared/lambda/retry-class.ts';
import { CsvFormatError, FileTooLargeError, NotUtf8Error } from '../../shared/placements/csv.ts';
import { UnusablePlacementFile } from '../../shared/placements/validate-file.ts';
import { LetterRefusedError, PermanentDeliveryError } from '../../shared/ports.ts';
import { MalformedMailError } from '../../shared/replies/email.ts';
import { AccountNotFoundError, CreditorProfileMissingError } from '../../shared/usecases/load-account.ts';

const $metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, extra: object = {}): Error => Object.assign(new Error(name), { name }, extra);
const parseError = (): ParseError =>
  new ParseError('Failed to parse schema', { cause: [{ message: 'Required', path: ['detail', 'object', 'key'] }] } as never);

describe('retryClassOf', () => {
  it('calls our own errors, zod errors, and AWS validation and not-found errors permanent', () => {
    const zodError = z.object({ accountId: z.string() }).safeParse({}).error;
    for (const error of [
      new AccountNotFoundError('acc-1'),
      new CreditorProfileMissingError('acme'),
      zodError,
      new ResourceNotFoundException({ ...$metadata(400), message: 'Requested resource not found' }),
      named('ValidationException', $metadata(400)),
      named('NoSuchKey', $metadata(404)),
    ]) {
      expect(retryClassOf(error), String(error)).toBe('permanent');
    }
  });

  it('calls throttling, 5xx, timeouts and dropped connections transient', () => {
    for (const error of [
      new ThrottlingException({ ...$metadata(400), message: 'Rate exceeded' }),
      new ProvisionedThroughputExceededException({ ...$metadata(400), message: 'Rate exceeded' }),
      new RequestLimitExceeded({ ...$metadata(400), message: 'Account limit' }),
      named('TooManyRequestsException', $metadata(429)),
      new InternalServerError({ ...$metadata(500), message: 'Internal error' }),
      named('ServiceUnavailable', $metadata(503)),
      named('TimeoutError'),
      named('Error', { code: 'ECONNRESET' }),
      new TransientError('try again'),
    ]) {
      expect(retryClassOf(error), String(error)).toBe('transient');
    }
  });

  it('leaves anything else unknown: a bug, or a conflict that a fresh attempt may resolve', () => {
    expect(retryClassOf(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe('unknown');
    expect(retryClassOf(new ConditionalCheckFailedException({ ...$metadata(400), message: 'The conditional request failed' }))).toBe(
      'unknown',
    );
    expect(retryClassOf('a string')).toBe('unknown');
  });

  it('knows every permanent error of the platform by a name the workflows list', () => {
    const ours = [
      new PermanentError('x'),
      new InvalidEventError(parseError()),
      new AccountNotFoundError('acc-1'),
      new CreditorProfileMissingError('acme'),
      new PermanentDeliveryError('sms', 'invalid-address', 'x'),
      new LetterRefusedError('Lob answered HTTP 422'),
      new MalformedMailError('no headers'),
      new UnusablePlacementFile('x'),
      new CsvFormatError('x'),
      new NotUtf8Error(),
      new FileTooLargeError(1024),
      new PaymentCreditorMismatchError('x'),
      new PaymentProcessorNotAllowedError('444455556666', 'acme'),
    ];
    for (const error of ours) expect(retryClassOf(error)).toBe('permanent');
    expect(ours.map((e) => e.name).sort()).toEqual([...PERMANENT_ERROR_NAMES].sort());
  });
});

describe('namedByRetryClass', () => {
  it('names an event that does not match the schema an InvalidEventError, by its fields and with its issues', () => {
    const error = namedByRetryClass(parseError());
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({
      name: 'InvalidEventError',
      message: "The event does not match the function's schema at: detail.object.key",
    });
    expect((error as Error).cause).toEqual([{ message: 'Required', path: ['detail', 'object', 'key'] }]);
  });

  it('keeps our own errors as they are', () => {
    const notFound = new AccountNotFoundError('acc-1');
    expect(namedByRetryClass(notFound)).toBe(notFound);
  });

  it('renames an AWS error by its class, keeping the original as the cause and its name in the message', () => {
    const throttled = new ThrottlingException({ ...$metadata(400), message: 'Rate exceeded' });
    const transient = namedByRetryClass(throttled);
    expect(transient).toBeInstanceOf(TransientError);
    expect(transient).toMatchObject({ name: 'TransientError', message: 'ThrottlingException: Rate exceeded', cause: throttled });

    const invalid = named('ValidationException', $metadata(400));
    expect(namedByRetryClass(invalid)).toMatchObject({
      name: 'PermanentError',
      message: 'ValidationException: ValidationException',
      cause: invalid,
    });
  });

  it('leaves an unknown error alone', () => {
    const bug = new TypeError('x is not a function');
    expect(namedByRetryClass(bug)).toBe(bug);
  });
});
