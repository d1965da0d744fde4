// The debtor model's parameters: the shape of defaults.json and of a creditor's own --model FILE, checked with zod so
// that a typo or an out-of-range figure is refused with the path to it, not silently ignored.
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import defaults from './defaults.json' with { type: 'json' };

/** A figure: a bare number, or { value, _source } as defaults.json writes every one. */
const figure = (check: z.ZodNumber) =>
  z
    .union([check, z.strictObject({ value: check, _source: z.string().optional(), note: z.string().optional() })])
    .transform((f) => (typeof f === 'number' ? f : f.value));
const probability = figure(z.number().min(0, 'must be a probability from 0 to 1').max(1, 'must be a probability from 0 to 1'));
const positive = figure(z.number().positive('must be above 0'));
const hour = figure(z.number().int('must be a whole hour').min(0, 'must be an hour from 0 to 24').max(24, 'must be an hour from 0 to 24'));
const count = figure(z.number().int('must be a whole number').min(1, 'must be at least 1'));

/** An object that refuses unknown keys (a misspelt figure would otherwise keep its default unnoticed). */
const section = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ _about: z.string().optional(), ...shape });

const channel = section({ reachable: probability, read: probability, readDelayMinutes: positive, optOut: probability });
const tone = section({ act: positive, actSensitive: positive, optOut: positive });

export const debtorModelSchema = section({
  channels: section({ sms: channel, email: channel }),
  preference: section({ sms: probability, otherChannelRead: probability }),
  readingHours: section({ earliestStart: hour, latestStart: hour, earliestEnd: hour, latestEnd: hour, offHoursRead: probability }),
  ability: section({ full: probability, part: probability }),
  willingness: section({ mean: probability, concentration: positive }),
  act: section({
    perReadMessage: probability,
    wearOut: probability,
    promiseFirst: probability,
    promiseKept: probability,
    instalmentPaid: probability,
    payDelayMinutes: positive,
  }),
  disputes: section({ share: probability, verified: probability }),
  cease: section({ perReadMessage: probability }),
  fatigue: section({ lowestThreshold: count, highestThreshold: count, optOutMultiplier: positive, read: probability }),
  tone: section({ firm: tone, agency: tone }),
  wrongPerson: probability,
  survey: probability,
})
  .refine((m) => m.ability.full + m.ability.part <= 1, {
    path: ['ability'],
    message: 'full + part must be at most 1 (the rest need a plan)',
  })
  .refine((m) => m.readingHours.earliestStart <= m.readingHours.latestStart, {
    path: ['readingHours', 'latestStart'],
    message: 'must not be before earliestStart',
  })
  .refine((m) => m.readingHours.latestStart < m.readingHours.earliestEnd && m.readingHours.earliestEnd <= m.readingHours.latestEnd, {
    path: ['readingHours', 'earliestEnd'],
    message: 'reading hours must end after they start: latestStart < earliestEnd <= latestEnd',
  })
  .refine((m) => m.fatigue.lowestThreshold <= m.fatigue.highestThreshold, {
    path: ['fatigue', 'highestThreshold'],
    message: 'must not be below lowestThreshold',
  })
  .refine((m) => m.willingness.mean > 0 && m.willingness.mean < 1, {
    path: ['willingness', 'mean'],
    message: 'must be strictly between 0 and 1 (a Beta distribution)',
  });

export type DebtorModel = z.infer<typeof debtorModelSchema>;

/** A model that breaks the schema: each problem as `path: reason`. */
export class DebtorModelError extends Error {
  constructor(source: string, problems: string[]) {
    super(`${source} is not a valid debtor model:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DebtorModelError';
  }
}

export function parseDebtorModel(json: unknown, source: string): DebtorModel {
  const parsed = debtorModelSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new DebtorModelError(
    source,
    parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`),
  );
}

export const DEFAULT_DEBTOR_MODEL: DebtorModel = parseDebtorModel(defaults, 'local/debtor-model/defaults.json');

/** The creditor's own model file, or the defaults. */
export async function loadDebtorModel(path: string | undefined): Promise<DebtorModel> {
  if (path === undefined) return DEFAULT_DEBTOR_MODEL;
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DebtorModelError(path, [`not JSON: ${(error as Error).message}`]);
  }
  return parseDebtorModel(json, path);
}
