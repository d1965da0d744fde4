// The CDK app (`npx cdk synth`, see cdk.json): the Tactful stack, checked by cdk-nag AwsSolutions.
//
// TACTFUL_SKIP_BUNDLING=1 skips the esbuild bundling of the functions (placeholder assets, fast synth); the CLI does
// not accept `-c aws:cdk:bundling-stacks=[]` itself ("User-provided context cannot use keys prefixed with 'aws:'").
import { App } from 'aws-cdk-lib';
import { applyNagChecks } from './constructs/nag.ts';
import { createTactfulStack } from './stacks/tactful-stack.ts';

const skipBundling = ['1', 'true'].includes(process.env.TACTFUL_SKIP_BUNDLING ?? '');
const app = new App(skipBundling ? { postCliContext: { 'aws:cdk:bundling-stacks': [] } } : {});
createTactfulStack(app);
applyNagChecks(app);
app.synth();
