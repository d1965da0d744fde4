#!/usr/bin/env node
// The CLI is TypeScript run by Node 24's type stripping; npm puts the project's own Node 24 first on the PATH.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `tactful needs Node 24 (found ${process.version}). Run it through npm (npx tactful, npm start), which uses the project's own Node.`,
  );
  process.exit(1);
}
await import('../local/cli/main.ts');
