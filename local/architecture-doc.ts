// Keeps the state machine diagrams in docs/architecture.md in step with the synthesized definitions: each machine's
// Mermaid flowchart sits between its marker comments, and a test fails when what is there is not what this writes.
//
//   npm run docs        (regenerates docs/messages.md and these diagrams)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthTemplate } from '../infra/synth.ts';
import { aslToMermaid, type AslDefinition } from '../workflows/diagram.ts';
import type { Template } from './intrinsics.ts';
import { readTopology, type Topology } from './topology.ts';

export const ARCHITECTURE_DOC = fileURLToPath(new URL('../docs/architecture.md', import.meta.url));

const begin = (name: string): string => `<!-- BEGIN GENERATED: ${name} -->`;
const end = (name: string): string => `<!-- END GENERATED: ${name} -->`;

/** The generated block of one machine (`ingest`, `lifecycle`): what goes between its markers. */
export function diagramBlock(definition: AslDefinition): string {
  return ['```mermaid', aslToMermaid(definition), '```'].join('\n');
}

/** Where the generated text of `name` lies in the doc, between its markers; throws when the doc lacks them. */
function blockRange(doc: string, name: string): { from: number; to: number } {
  const from = doc.indexOf(begin(name));
  const to = doc.indexOf(end(name));
  if (from === -1 || to < from) throw new Error(`docs/architecture.md has no "${begin(name)}" … "${end(name)}" block`);
  return { from: from + begin(name).length, to };
}

/** The text between the markers of `name`. */
export function generatedBlock(doc: string, name: string): string {
  const { from, to } = blockRange(doc, name);
  return doc.slice(from, to).trim();
}

/** The doc with every machine's diagram regenerated between its markers; the rest is left as written. */
export function withDiagrams(doc: string, machines: Topology['machines']): string {
  return machines.reduce((text, machine) => {
    const { from, to } = blockRange(text, machine.name.toLowerCase());
    return `${text.slice(0, from)}\n${diagramBlock(machine.definition)}\n${text.slice(to)}`;
  }, doc);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { machines } = readTopology(synthTemplate({ validate: false }) as Template);
  writeFileSync(ARCHITECTURE_DOC, withDiagrams(readFileSync(ARCHITECTURE_DOC, 'utf8'), machines));
  console.log(`wrote the ${machines.map((m) => m.name).join(' and ')} diagrams in ${ARCHITECTURE_DOC}`);
}
