// Record first, then wake: the event is durable before any workflow acts on it.
import type { AccountEvent } from '../accounts/events.ts';
import type { AccountStore, WorkflowPort } from '../ports.ts';

export interface RecordEventDeps {
  store: AccountStore;
  workflow: WorkflowPort;
}

export async function recordEvent(deps: RecordEventDeps, event: AccountEvent): Promise<'recorded' | 'duplicate'> {
  const result = await deps.store.appendEvent(event);
  if (result.wakeToken) await deps.workflow.resumeTask(result.wakeToken, { wokenBy: event.type });
  return result.status;
}

/**
 * Parks a callback token unless the account moved on since `seenVersion`, in which case the task resumes at once:
 * an event that lands between a plan and the parking of its token is never lost.
 */
export async function parkOrWake(
  deps: RecordEventDeps,
  accountId: string,
  token: string,
  seenVersion: number,
): Promise<'parked' | 'woken'> {
  const parked = await deps.store.parkTaskToken(accountId, token, seenVersion);
  if (parked === 'parked') return 'parked';
  await deps.workflow.resumeTask(token, { wokenBy: 'newer-event' });
  return 'woken';
}
