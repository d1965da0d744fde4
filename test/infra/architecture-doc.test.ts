import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURE_DOC, diagramBlock, generatedBlock } from '../../local/architecture-doc.ts';
import { readTopology, type Topology } from '../../local/topology.ts';
import { template } from '../support/world.ts';

let machines: Topology['machines'];
beforeAll(() => {
  machines = readTopology(template()).machines;
});

const doc = readFileSync(ARCHITECTURE_DOC, 'utf8');
const machine = (name: string) => machines.find((m) => m.name === name)!;

describe('docs/architecture.md', () => {
  it.each(['Ingest', 'Lifecycle'])('shows the synthesized %s definition (regenerate: npm run docs)', (name) => {
    expect(generatedBlock(doc, name.toLowerCase())).toBe(diagramBlock(machine(name).definition));
  });

  it('draws every state of the Lifecycle, each once', () => {
    const block = generatedBlock(doc, 'lifecycle');
    const states = machine('Lifecycle').definition.States as Record<string, { End?: boolean }>;
    const names = Object.keys(states);
    for (const name of names) expect(block).toContain(`"${name}`);
    // One node line per state, plus start, and end when a state leads to it (Succeed and Fail states are ends themselves).
    const end = Object.values(states).some((state) => state.End) ? 1 : 0;
    expect(block.match(/^ {2}\w+(\[|\{|\()/gm)).toHaveLength(names.length + 1 + end);
  });
});
