#!/usr/bin/env -S node --max-old-space-size=1536
// The heap cap keeps a 10,000-account simulation under 2 GB: without it V8 lets garbage pile up to several times what
// the run holds. A bigger portfolio may need more: node --max-old-space-size=8192 bin/tactful.js simulate …
// The CLI is TypeScript run by Node 24's type stripping; npm puts the project's own Node 24 first on the PATH.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `tactful needs Node 24 (found ${process.version}). Run it through npm (npx tactful, npm start), which uses the project's own Node.`,
  );
  process.exit(1);
}
await import('../local/cli/main.ts');
