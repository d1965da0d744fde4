// cdk-nag AwsSolutions on the whole app: no unacknowledged finding (error or warning), every acknowledgment reasoned.
import { describe, expect, it } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { applyNagChecks } from '../../infra/constructs/nag.ts';
import { createSynthApp } from '../../infra/synth.ts';
import { TWO_CREDITORS_WITH_SFTP } from '../support/creditor-settings.ts';

// With creditors and SFTP on, so that the creditor roles and the SFTP server are checked too.
const { app, stack } = createSynthApp({ context: TWO_CREDITORS_WITH_SFTP });
const checks = applyNagChecks(app);
const report = checks.validateScope(stack);
// Synthesizes once, with AwsSolutions registered as a validation plugin: a finding would fail here, as in `cdk synth`.
const annotations = Annotations.fromStack(stack);

function* walk(construct: IConstruct): Generator<IConstruct> {
  yield construct;
  for (const child of construct.node.children) yield* walk(child);
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding, error or warning', () => {
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves no error or warning annotation on the stack', () => {
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('acknowledges each finding on its own construct, with a written reason', () => {
    const acknowledgments = [...walk(stack)].flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
    );
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgments) {
      expect(id, path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(path, id).not.toBe(stack.node.path);
      expect(reason.length, `${path} ${id}`).toBeGreaterThan(40);
    }
    // Wildcard findings are acknowledged one by one, never as a whole rule.
    for (const { id } of acknowledgments) expect(id).not.toMatch(/AwsSolutions-IAM5$/);
  });
});
