// EventBridge schedule expressions offline: the daily cron form Tactful's rules use, `cron(M H * * ? *)`, and its next
// firing time. Anything else is refused clearly rather than run at a wrong time.
const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;
const DAY_MS = 86_400_000;

/** The first time after `after` at which the schedule fires (UTC, as EventBridge rules' cron is). */
export function nextScheduledTime(expression: string, after: Date): Date {
  const match = DAILY_CRON.exec(expression);
  const minute = Number(match?.[1]);
  const hour = Number(match?.[2]);
  if (!match || minute > 59 || hour > 23) {
    throw new Error(`Schedule "${expression}" is not supported offline: expected a daily cron(M H * * ? *)`);
  }
  const sameDay = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hour, minute);
  return new Date(sameDay > after.getTime() ? sameDay : sameDay + DAY_MS);
}
