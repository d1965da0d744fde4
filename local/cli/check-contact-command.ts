// `tactful check-contact`: one contact request per JSON line on stdin, one decision per line on stdout.
// The ops answer to "why can't we contact this person now?".
import { createInterface } from 'node:readline';
import { evaluateContact, parseContactRequest } from '../../shared/compliance/evaluate.ts';

export async function runCheckContact(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    output.write(`${JSON.stringify(decide(line))}\n`);
  }
  return 0;
}

function decide(line: string): object {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON' };
  }
  try {
    return evaluateContact(parseContactRequest(json));
  } catch (error) {
    return { error: (error as Error).message };
  }
}
