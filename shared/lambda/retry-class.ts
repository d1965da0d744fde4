// Every failure leaves a function named by whether a retry can help: Lambda reports the thrown error's name, and the
// workflows retry by name (workflows/task-defaults.ts). Our own errors keep their names; an event that does not match
// the function's schema becomes an InvalidEventError; any other error retryClassOf knows becomes a PermanentError or a
// TransientError, with the original as its cause and its name in the message.
import { ParseError } from '@aws-lambda-powertools/parser';
import type { MiddlewareObj } from '@middy/core';
import { PermanentError, retryClassOf, TransientError } from '../errors.ts';

/** A Standard Schema issue, as far as the message reads it. */
type SchemaIssue = { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

/**
 * The event does not match the function's schema: the same event fails the same way every time. The cause is the
 * parser's: the schema's issues. The message names the fields, never their values (which may be PII).
 */
export class InvalidEventError extends PermanentError {
  constructor(parseError: ParseError) {
    const issues = Array.isArray(parseError.cause) ? (parseError.cause as SchemaIssue[]) : [];
    const fields = issues.map((issue) => (issue.path ?? []).map((s) => String(typeof s === 'object' ? s.key : s)).join('.'));
    super(issues.length ? `The event does not match the function's schema at: ${fields.join('; ')}` : parseError.message, {
      cause: parseError.cause,
    });
    this.name = 'InvalidEventError';
  }
}

/** The error as it should leave the function: named by its retry class when the platform did not name it. */
export function namedByRetryClass(error: unknown): unknown {
  if (error instanceof ParseError) return new InvalidEventError(error);
  if (error instanceof PermanentError || error instanceof TransientError) return error;
  const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  switch (retryClassOf(error)) {
    case 'permanent':
      return new PermanentError(described, { cause: error });
    case 'transient':
      return new TransientError(described, { cause: error });
    case 'unknown':
      return error;
  }
}

/** Renames the failure on its way out; used outermost, so the logger, metrics and tracer still see the original. */
export function retryClassNames(): MiddlewareObj<unknown, unknown, unknown> {
  return {
    onError: (request) => {
      request.error = namedByRetryClass(request.error);
    },
  };
}
