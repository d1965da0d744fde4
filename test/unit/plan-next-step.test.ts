// Plan moves an account on from a stage that ran out within the same plan: the workflow never sees an 'advance', and
// the account's events say which stage it is in.
import { describe, expect, it } from 'vitest';
import { eventFromDraft, type ContactStage } from '../../shared/accounts/events.ts';
import { planNextStep, type PlanOutput } from '../../shared/usecases/plan-next-step.ts';
import { accountRecord, acmeProfile, INSIDE_HOURS, MemoryAccountStore, MemoryCreditorStore } from '../handlers/setup/fakes.ts';

/** Plays the workflow: plan, send what it says (as Send records it), wait what it says; stops at `until`. */
async function playUntil(until: (output: PlanOutput) => boolean) {
  const store = new MemoryAccountStore();
  const record = accountRecord();
  await store.createAccounts([record]);
  const deps = { store, creditors: new MemoryCreditorStore(acmeProfile()) };
  const outputs: PlanOutput[] = [];
  let now = INSIDE_HOURS;
  for (let step = 0; step < 50; step++) {
    const output = await planNextStep(deps, { accountId: record.accountId }, now);
    outputs.push(output);
    if (until(output)) break;
    if (output.action === 'touch') {
      const { touchId, channel } = output as PlanOutput & { touchId: string; channel: 'email' | 'sms' };
      const stage = output.stage as ContactStage;
      await store.appendEvent(
        eventFromDraft(record.accountId, now, { type: 'touch-sent', touchId, stage, channel, template: 'x', key: `${touchId}:sent` }),
      );
    }
    now = new Date(now.getTime() + 1000 * output.timeoutSeconds);
  }
  return { outputs, events: (await store.loadHistory(record.accountId))!.events, now };
}

describe('planNextStep: the stage lives in the account', () => {
  it('a SoftReminder that ran out hands over to Escalation within the plan that found it out', async () => {
    const { outputs, events, now } = await playUntil((o) => o.stage === 'Escalation');
    expect(outputs.map((o) => o.action)).not.toContain('advance');
    expect(outputs.filter((o) => o.action === 'touch' && o.stage === 'SoftReminder').length).toBeGreaterThan(0);
    const last = outputs.at(-1)!;
    expect(last).toMatchObject({ stage: 'Escalation' });
    expect(['touch', 'wait']).toContain(last.action);
    // Its entry is on record at once, before anything in the stage, and the plan has seen it.
    const entered = events.filter((e) => e.type === 'stage-entered').map((e) => [e.stage, e.at]);
    expect(entered).toEqual([
      ['SoftReminder', INSIDE_HOURS.toISOString()],
      ['Escalation', now.toISOString()],
    ]);
    expect(last.seenVersion).toBe(events.length);
  });

  it('each next plan carries on in the stage the events say, on to the hand-off', async () => {
    const { outputs } = await playUntil((o) => o.action === 'resolve' || o.action === 'request-approval');
    const stages = [...new Set(outputs.map((o) => o.stage))];
    expect(stages).toEqual(['SoftReminder', 'Escalation', 'Handoff']);
    expect(outputs.at(-1)).toMatchObject({ stage: 'Handoff' });
  });
});
