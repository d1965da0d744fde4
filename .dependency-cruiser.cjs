// Dependency rules: `npm run lint` (and so CI) fails on any of them.
/** The domain core: everything in shared/ but the AWS adapters and the Lambda glue. */
const DOMAIN = '^shared/(?!adapters/|lambda/)';
const AWS_RUNTIME = '^node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|@middy|aws-cdk-lib|constructs)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'An import cycle: break it where it starts.', from: {}, to: { circular: true } },
    {
      name: 'domain-imports-no-aws',
      severity: 'error',
      comment: 'Domain code stays pure: AWS SDKs, Powertools and middy live in shared/adapters and shared/lambda only.',
      from: { path: DOMAIN },
      to: { path: AWS_RUNTIME, dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'shared-stays-out-of-the-shells',
      severity: 'error',
      comment: 'shared/ is what the Lambdas run: it imports nothing from infra/, local/, functions/, test/ or bench/.',
      from: { path: '^shared/' },
      to: { path: '^(infra|local|functions|test|bench)/' },
    },
    {
      name: 'functions-use-shared-only',
      severity: 'error',
      comment: 'A handler is a thin chain around a use case in shared/: no infra, offline runtime or other handler.',
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^(infra|local|test|bench|workflows)/|^functions/(?!$1/)' },
    },
    {
      name: 'deployables-use-no-offline-runtime',
      severity: 'error',
      comment: 'infra/ and workflows/ define what is deployed; the offline runtime in local/ depends on them, not the reverse.',
      from: { path: '^(infra|workflows)/' },
      to: { path: '^(local|test|bench)/' },
    },
    {
      name: 'bundles-use-no-dev-dependency',
      severity: 'error',
      comment: 'What esbuild bundles into a Lambda (functions/, shared/) may only use runtime dependencies.',
      from: { path: '^(functions|shared)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk.out|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
