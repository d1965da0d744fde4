// Synthesizes the Tactful template in-process, for tests and the offline runtime. Same stack and same context as
// `cdk synth` (cdk.json), with asset bundling skipped (no esbuild run) so that it takes a few seconds at most.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { createTactfulStack, DEFAULT_STACK_ID, type TactfulStack } from './stacks/tactful-stack.ts';

/** The "context" of cdk.json: deploy settings and feature flags. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface SynthAppOptions {
  /** Extra context, on top of cdk.json's (e.g. other deploy settings). */
  context?: Record<string, unknown>;
  outdir?: string;
  /**
   * CDK's built-in CloudFormation validation (on unless told): seconds of WebAssembly on every synth. `cdk synth` and
   * the infra tests keep it; the offline runtime, which synthesizes only to read the template, turns it off.
   */
  validate?: boolean;
}

/** A fresh App with the Tactful stack, as `cdk synth` builds it but with bundling skipped. Not synthesized yet. */
export function createSynthApp(options: SynthAppOptions = {}): { app: App; stack: TactfulStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation: options.validate ?? true,
    context: {
      ...cdkJsonContext(),
      // What the CDK CLI sets by default: construct paths and asset metadata in the template.
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
      'aws:cdk:version-reporting': true,
      ...options.context,
      // No stack needs bundling: NodejsFunction assets are not built.
      'aws:cdk:bundling-stacks': [],
    },
  });
  const stack = createTactfulStack(app, DEFAULT_STACK_ID);
  return { app, stack };
}

/** The synthesized CloudFormation template of the Tactful stack (with `aws:cdk:path` metadata on every resource). */
export function synthTemplate(options: Omit<SynthAppOptions, 'outdir'> = {}): Record<string, any> {
  const outdir = mkdtempSync(join(tmpdir(), 'tactful-synth-'));
  try {
    const { app, stack } = createSynthApp({ ...options, outdir });
    return app.synth().getStackByName(stack.stackName).template as Record<string, any>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
