// Reads a file named on the command line, failing with a message that says which input could not be read.
import { readFile } from 'node:fs/promises';

export async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
