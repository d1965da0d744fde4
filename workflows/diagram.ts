// Draws a state machine definition (Amazon States Language, JSONPath) as a Mermaid flowchart, so the design docs show
// the synthesized workflows as they are. Pure: definition in, text out.
//
// Shapes: Task [box] (a callback task says so), Choice {diamond}, Wait {{hexagon}}, Pass [/parallelogram/],
// Succeed and Fail (stadium, green and red), Map and Parallel as subgraphs holding their inner states.
// Edges: Next solid; Choice rules labelled with their condition, Default "otherwise"; Catch dotted, labelled with the
// errors it catches. Retries are not drawn.

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Choices?: AslCondition[];
  Default?: string;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  ItemProcessor?: AslDefinition & { ProcessorConfig?: { Mode?: string } };
  Iterator?: AslDefinition;
  Branches?: AslDefinition[];
}

type AslCondition = Record<string, unknown> & { Next?: string };

/** Mermaid text, without the ``` fence. */
export function aslToMermaid(definition: AslDefinition): string {
  const ids = new NodeIds();
  const lines = ['flowchart TD'];
  drawScope(definition, '', ids, lines, '  ');
  lines.push('  classDef succeed fill:#e6f4ea,stroke:#1e8e3e', '  classDef fail fill:#fce8e6,stroke:#d93025');
  return lines.join('\n');
}

/** One level of states (the machine, a Map's processor, a Parallel branch) with its own start and end. */
function drawScope(definition: AslDefinition, scope: string, ids: NodeIds, lines: string[], indent: string): void {
  const start = ids.reserve(`${scope}START`);
  const end = ids.reserve(`${scope}END`);
  const names = reachableFirst(definition);
  for (const name of names) ids.of(name);
  lines.push(`${indent}${start}((start))`);
  const edges = [`${start} --> ${ids.of(definition.StartAt)}`];
  let ends = false;
  for (const name of names) {
    const state = definition.States[name]!;
    const id = ids.of(name);
    lines.push(...drawState(name, state, id, ids, indent));
    if (state.Next) edges.push(`${id} --> ${ids.of(state.Next)}`);
    if (state.End) {
      edges.push(`${id} --> ${end}`);
      ends = true;
    }
    for (const rule of state.Choices ?? []) edges.push(`${id} -->|${quote(conditionLabel(rule))}| ${ids.of(String(rule.Next))}`);
    if (state.Default) edges.push(`${id} -->|${quote('otherwise')}| ${ids.of(state.Default)}`);
    for (const catcher of state.Catch ?? []) edges.push(`${id} -.->|${quote(catcher.ErrorEquals.join(', '))}| ${ids.of(catcher.Next)}`);
  }
  if (ends) lines.push(`${indent}${end}((end))`);
  lines.push(...edges.map((edge) => `${indent}${edge}`));
}

function drawState(name: string, state: AslState, id: string, ids: NodeIds, indent: string): string[] {
  const label = escapeLabel(name);
  switch (state.Type) {
    case 'Task':
      return [`${indent}${id}["${label}${state.Resource?.endsWith('.waitForTaskToken') ? '<br/>(callback)' : ''}"]`];
    case 'Choice':
      return [`${indent}${id}{"${label}"}`];
    case 'Wait':
      return [`${indent}${id}{{"${label}"}}`];
    case 'Pass':
      return [`${indent}${id}[/"${label}"/]`];
    case 'Succeed':
      return [`${indent}${id}(["${label}"]):::succeed`];
    case 'Fail':
      return [`${indent}${id}(["${label}"]):::fail`];
    case 'Map': {
      const processor = state.ItemProcessor ?? state.Iterator!;
      const mode = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' ? 'Distributed Map' : 'Map';
      const lines = [`${indent}subgraph ${id}["${label}<br/>(${mode})"]`];
      drawScope(processor, `${id}_`, ids, lines, `${indent}  `);
      return [...lines, `${indent}end`];
    }
    case 'Parallel': {
      const lines = [`${indent}subgraph ${id}["${label}<br/>(Parallel)"]`];
      (state.Branches ?? []).forEach((branch, i) => {
        const branchId = ids.reserve(`${id}_branch${i + 1}`);
        lines.push(`${indent}  subgraph ${branchId}["branch ${i + 1}"]`);
        drawScope(branch, `${branchId}_`, ids, lines, `${indent}    `);
        lines.push(`${indent}  end`);
      });
      return [...lines, `${indent}end`];
    }
    default:
      throw new Error(`Cannot draw state "${name}" of type ${state.Type}`);
  }
}

/** State names in the order a reader follows them: breadth first from StartAt, then any unreachable ones. */
function reachableFirst(definition: AslDefinition): string[] {
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const state = definition.States[name];
    if (seen.has(name) || !state) continue;
    seen.add(name);
    queue.push(
      ...[state.Next, ...(state.Choices ?? []).map((c) => c.Next), state.Default, ...(state.Catch ?? []).map((c) => c.Next)].filter(
        (next): next is string => typeof next === 'string',
      ),
    );
  }
  return [...seen, ...Object.keys(definition.States).filter((name) => !seen.has(name))];
}

const COMPARISON = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;
const OPERATOR: Record<string, string> = { Equals: '==', LessThan: '<', GreaterThan: '>', LessThanEquals: '<=', GreaterThanEquals: '>=' };

/** A Choice rule as a short expression: `$.plan.action == "touch"`, `not (…)`, `… and …`. */
export function conditionLabel(rule: AslCondition): string {
  if (typeof rule.Condition === 'string') return rule.Condition;
  if (Array.isArray(rule.And)) return (rule.And as AslCondition[]).map((c) => `(${conditionLabel(c)})`).join(' and ');
  if (Array.isArray(rule.Or)) return (rule.Or as AslCondition[]).map((c) => `(${conditionLabel(c)})`).join(' or ');
  if (rule.Not) return `not (${conditionLabel(rule.Not as AslCondition)})`;
  const [operator, value] = Object.entries(rule).find(([key]) => key !== 'Variable' && key !== 'Next') ?? ['?', undefined];
  const comparison = COMPARISON.exec(operator);
  if (comparison) return `${rule.Variable} ${OPERATOR[comparison[2]!]} ${comparison[3] ? value : JSON.stringify(value)}`;
  if (operator === 'StringMatches') return `${rule.Variable} matches ${JSON.stringify(value)}`;
  const test = /^Is(\w+)$/.exec(operator);
  if (test) return `${rule.Variable} is ${value ? '' : 'not '}${test[1]!.toLowerCase()}`;
  return `${rule.Variable} ${operator} ${JSON.stringify(value)}`;
}

/** Mermaid node ids: letters, digits and underscores, unique across the whole diagram. */
class NodeIds {
  private readonly byName = new Map<string, string>();
  /** "end" closes a subgraph in Mermaid: no node may be called that. */
  private readonly used = new Set<string>(['end']);

  of(name: string): string {
    let id = this.byName.get(name);
    if (!id) {
      id = this.reserve(name.replace(/[^A-Za-z0-9]/g, '_'));
      this.byName.set(name, id);
    }
    return id;
  }

  /** `wanted`, or `wanted_2`, `wanted_3`… if taken. */
  reserve(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n += 1) id = `${wanted}_${n}`;
    this.used.add(id);
    return id;
  }
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as entities, so they cannot end it or open a tag. */
function escapeLabel(text: string): string {
  return text.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
}

const quote = (text: string): string => `"${escapeLabel(text)}"`;
