// `--accounts N`: a synthetic portfolio of N accounts sampled from a placement file, seeded. Each account copies a
// random row's place (city, state, ZIP, phone area code), language, tier, product, contact hours, delinquency date
// and which of email and phone it has, and that row's balance times a log-normal factor. Nothing else is kept: names
// come from short lists, emails are at example.com (RFC 2606) and phones are 555 numbers, 555-0100–0199 first (the
// range NANPA reserves for fiction), then the rest of the 555 exchange, which never leaves this machine.
import { parseCsv } from '../../shared/placements/csv.ts';
import { toCsv } from '../../shared/reports/csv.ts';
import { seededRandomFor } from '../simulator/personas.ts';

const FIRST_NAMES = {
  en: ['Alex', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Parker', 'Drew', 'Reese'],
  es: ['Alejandro', 'Lucía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Diego', 'Sofía', 'Javier', 'Elena'],
};
const LAST_NAMES = {
  en: ['Sample', 'Example', 'Testwell', 'Placeholder', 'Demo', 'Fictive', 'Mockley', 'Specimen'],
  es: ['Ejemplo', 'Muestra', 'Prueba', 'Ficticio', 'Modelo', 'Simulado'],
};
/** Spread of the balance around the sampled row's: a log-normal factor with this σ (about ±25% for most). */
const BALANCE_SIGMA = 0.25;
/** Directory assistance: the one 555 number in common use. */
const RESERVED_LINE = 1212;

export function syntheticPlacements(csv: string, count: number, seed: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`--accounts must be a whole number of at least 1, got ${count}`);
  const { header, records } = parseCsv(csv);
  const rows = records.map((r) => r.values).filter((row) => row.account_ref);
  if (rows.length === 0) throw new Error('the placement file has no rows to sample synthetic accounts from');
  const nextLine = new Map<string, number>();
  const out: string[][] = [];
  for (let i = 1; i <= count; i++) {
    const random = seededRandomFor(seed, `synthetic-account:${i}`);
    const row = rows[Math.floor(random() * rows.length)]!;
    const language = row.language === 'es' ? 'es' : 'en';
    const first = pick(random, FIRST_NAMES[language]);
    const last = pick(random, LAST_NAMES[language]);
    const values: Record<string, string> = {
      ...row,
      account_ref: `SIM-${String(i).padStart(6, '0')}`,
      debtor_name: `${first} ${last}`,
      balance: balanceNear(row.balance ?? '', random),
      address_line1: `${1 + Math.floor(random() * 998)} Sample St`,
      email: row.email ? `${ascii(first)}.${ascii(last)}.${i}@example.com` : '',
      phone: row.phone ? phoneIn(row.phone, nextLine) : '',
    };
    out.push(header.map((column) => values[column] ?? ''));
  }
  return toCsv(header, out);
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

function balanceNear(balance: string, random: () => number): string {
  const amount = Number(balance);
  if (!Number.isFinite(amount) || amount <= 0) return balance; // Ingest rejects it as it would the row it came from
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // As many decimals as the row's balance: the currency's minor units.
  return Math.max(1, amount * Math.exp(BALANCE_SIGMA * normal)).toFixed(balance.split('.')[1]?.length ?? 0);
}

/** The next unused 555 number in the area code of `phone` (the row's place, for the contact-hours zone). */
function phoneIn(phone: string, nextLine: Map<string, number>): string {
  const area = /(\d{3})\D*\d{3}\D*\d{4}\s*$/.exec(phone)?.[1] ?? '212';
  let line = nextLine.get(area) ?? 100;
  if (line === RESERVED_LINE) line++;
  if (line > 9999) throw new Error(`more synthetic accounts in area code ${area} than 555 numbers to give them`);
  nextLine.set(area, line + 1);
  return `(${area}) 555-${String(line).padStart(4, '0')}`;
}

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
