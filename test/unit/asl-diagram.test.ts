import { describe, expect, it } from 'vitest';
import { aslToMermaid, conditionLabel, type AslDefinition } from '../../workflows/diagram.ts';

/** Every kind of state the drawing knows, with a name Mermaid would otherwise misread ("end"). */
const definition: AslDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'end' },
    end: { Type: 'Wait', Next: 'Both' },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Succeed' } } },
        { StartAt: 'B', States: { B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', End: true } } },
      ],
      Next: 'Decide',
      Catch: [{ ErrorEquals: ['States.Timeout', 'Custom'], Next: 'Oops' }],
    },
    Decide: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.action', StringEquals: 'each', Next: 'Each' },
        { Variable: '$.done', IsPresent: true, Next: 'Done' },
      ],
      Default: 'Oops',
    },
    Each: {
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'Inner', States: { Inner: { Type: 'Task', End: true } } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Oops: { Type: 'Fail' },
  },
};

describe('aslToMermaid', () => {
  const diagram = aslToMermaid(definition);

  it('draws each state once, in the shape of its type', () => {
    expect(diagram).toContain('Prepare[/"Prepare"/]');
    expect(diagram).toContain('end_2{{"end"}}');
    expect(diagram).toContain('Decide{"Decide"}');
    expect(diagram).toContain('B["B<br/>(callback)"]');
    expect(diagram).toContain('Done(["Done"]):::succeed');
    expect(diagram).toContain('Oops(["Oops"]):::fail');
  });

  it('nests Map processors and Parallel branches as subgraphs with their own start and end', () => {
    expect(diagram).toContain('subgraph Each["Each<br/>(Distributed Map)"]');
    expect(diagram).toContain('Each_START --> Inner');
    expect(diagram).toContain('Inner --> Each_END');
    expect(diagram).toContain('subgraph Both_branch2["branch 2"]');
    expect(diagram).toContain('B --> Both_branch2_END');
  });

  it('draws Next, End, Choice rules, Default and Catch as labelled edges', () => {
    expect(diagram).toContain('START --> Prepare');
    expect(diagram).toContain('Each --> Done');
    expect(diagram).toContain('Decide -->|"$.action == #quot;each#quot;"| Each');
    expect(diagram).toContain('Decide -->|"$.done is present"| Done');
    expect(diagram).toContain('Decide -->|"otherwise"| Oops');
    expect(diagram).toContain('Both -.->|"States.Timeout, Custom"| Oops');
  });

  it('refuses a state type it cannot draw', () => {
    expect(() => aslToMermaid({ StartAt: 'X', States: { X: { Type: 'Teleport' } } })).toThrow(/Teleport/);
  });
});

describe('conditionLabel', () => {
  it('reads comparisons, paths, tests and their combinations', () => {
    expect(conditionLabel({ Variable: '$.n', NumericGreaterThanEquals: 3 })).toBe('$.n >= 3');
    expect(conditionLabel({ Variable: '$.n', NumericLessThanPath: '$.m' })).toBe('$.n < $.m');
    expect(conditionLabel({ Variable: '$.x', IsNull: false })).toBe('$.x is not null');
    expect(conditionLabel({ Not: { Variable: '$.s', StringMatches: 'a*' } })).toBe('not ($.s matches "a*")');
    expect(
      conditionLabel({
        Or: [
          { Variable: '$.b', BooleanEquals: true },
          { Variable: '$.t', TimestampLessThan: '2026-01-01T00:00:00Z' },
        ],
      }),
    ).toBe('($.b == true) or ($.t < "2026-01-01T00:00:00Z")');
  });
});
