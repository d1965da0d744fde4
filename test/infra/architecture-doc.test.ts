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
    const names = Object.keys(machine('Lifecycle').definition.States);
    for (const name of names) expect(block).toContain(`"${name}`);
    // One node line per state, plus start and end.
    expect(block.match(/^ {2}\w+(\[|\{|\()/gm)).toHaveLength(names.length + 2);
  });
});
