// Whether a retry can help. A permanent error fails the same way on every attempt (an event that does not parse, an
// account that does not exist); a transient one (throttling, a 5xx, a timeout) may pass on a later one. Lambda reports
// a thrown error's `name` as the error Step Functions sees, so the workflows' Retry rules match these names
// (workflows/task-defaults.ts).
import { $ZodError } from 'zod/v4/core';

/** The name of every PermanentError: the workflows retry none of them. */
export const PERMANENT_ERROR_NAMES = [
  'PermanentError',
  'InvalidEventError',
  'AccountNotFoundError',
  'CreditorProfileMissingError',
  'PermanentDeliveryError',
  'LetterRefusedError',
  'MalformedMailError',
  'UnusablePlacementFile',
  'CsvFormatError',
  'NotUtf8Error',
  'FileTooLargeError',
  'PaymentCreditorMismatchError',
  'PaymentProcessorNotAllowedError',
] as const;
export type PermanentErrorName = (typeof PERMANENT_ERROR_NAMES)[number];

/**
 * Retrying cannot help. A subclass sets `name` to its own entry of PERMANENT_ERROR_NAMES, as a literal (the bundles are
 * minified, so a class name is no stable error name); the type refuses a name the list lacks.
 */
export class PermanentError extends Error {
  declare name: PermanentErrorName;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export const TRANSIENT_ERROR_NAME = 'TransientError';

/** A later attempt may succeed. */
export class TransientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = TRANSIENT_ERROR_NAME;
  }
}

/** AWS refusing a request as invalid, or naming a resource that does not exist: the same request fails again. */
const PERMANENT_AWS_ERROR_NAMES = new Set(['ValidationException', 'ResourceNotFoundException', 'NoSuchKey', 'NoSuchBucket', 'NotFound']);

/** Throttling by any AWS service (the names the AWS SDK itself treats as throttling) and request timeouts. */
const TRANSIENT_AWS_ERROR_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Network failures of a call on its way out or back. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

export type RetryClass = 'permanent' | 'transient' | 'unknown';

/** What a retry can do about `error`; 'unknown' for anything else (a bug, an error nobody named). */
export function retryClassOf(error: unknown): RetryClass {
  if (error instanceof PermanentError || error instanceof $ZodError) return 'permanent';
  if (error instanceof TransientError) return 'transient';
  if (!(error instanceof Error)) return 'unknown';
  if (PERMANENT_AWS_ERROR_NAMES.has(error.name)) return 'permanent';
  const { $metadata, code } = error as Error & { $metadata?: { httpStatusCode?: number }; code?: string };
  const status = $metadata?.httpStatusCode ?? 0;
  if (TRANSIENT_AWS_ERROR_NAMES.has(error.name) || status === 429 || status >= 500) return 'transient';
  if (code && TRANSIENT_NETWORK_CODES.has(code)) return 'transient';
  return 'unknown';
}
