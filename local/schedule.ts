// EventBridge schedule expressions offline: the daily and hourly cron forms Tactful's rules use, `cron(M H * * ? *)`
// and `cron(M * * * ? *)`, and their next firing time. Anything else is refused clearly rather than run at a wrong time.
const CRON = /^cron\((\d{1,2}) (\d{1,2}|\*) \* \* \? \*\)$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The first time after `after` at which the schedule fires (UTC, as EventBridge rules' cron is). */
export function nextScheduledTime(expression: string, after: Date): Date {
  const match = CRON.exec(expression);
  const minute = Number(match?.[1]);
  const hourly = match?.[2] === '*';
  const hour = hourly ? after.getUTCHours() : Number(match?.[2]);
  if (!match || minute > 59 || hour > 23) {
    throw new Error(`Schedule "${expression}" is not supported offline: expected cron(M H * * ? *) or cron(M * * * ? *)`);
  }
  const candidate = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hour, minute);
  return new Date(candidate > after.getTime() ? candidate : candidate + (hourly ? HOUR_MS : DAY_MS));
}
