// The even persona mix: the example placement rows repeated under new references (BENCH-0, BENCH-1, …), the personas
// in turn, so that every size of portfolio has the same shape.
import { readFileSync } from 'node:fs';
import { PERSONAS } from '../local/simulator/personas.ts';

export function evenMix(accounts: number): { placementsCsv: string; behaviour: Record<string, string> } {
  const examples = readFileSync(new URL('../examples/placements.csv', import.meta.url), 'utf8');
  const [header, ...rows] = examples.trim().split('\n');
  const lines: string[] = [header!];
  const behaviour: Record<string, string> = {};
  for (let i = 0; i < accounts; i++) {
    const ref = `BENCH-${i}`;
    lines.push(rows[i % rows.length]!.replace(/^[^,]+/, ref));
    behaviour[ref] = PERSONAS[i % PERSONAS.length]!;
  }
  return { placementsCsv: `${lines.join('\n')}\n`, behaviour };
}
