// jsonpath-plus, which the offline Step Functions interpreter evaluates every path with, hands back a scalar result
// by throwing an Error subclass and catching it. Capturing that error's stack trace was 5% of a big simulation's CPU.
// Its class keeps its name and prototype chain (still an Error); only the constructor its `super()` reaches is one
// that captures no stack. Paths evaluate exactly as before.
import { JSONPath } from 'jsonpath-plus';

function scalarResultClass(): object {
  try {
    // With `new`, the scalar's error reaches the caller instead of being caught.
    new (JSONPath as unknown as new (options: object) => unknown)({ path: '$.a', json: { a: 1 }, wrap: false });
  } catch (error) {
    if (error instanceof Error && 'avoidNew' in error) return error.constructor;
  }
  throw new Error('jsonpath-plus no longer returns scalars by throwing: drop local/jsonpath-scalars.ts');
}

function ErrorWithoutStack(this: Error, message?: string): void {
  if (message !== undefined) this.message = message;
}
ErrorWithoutStack.prototype = Error.prototype;

Object.setPrototypeOf(scalarResultClass(), ErrorWithoutStack);
