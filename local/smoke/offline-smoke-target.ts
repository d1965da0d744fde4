// The smoke test's target offline: the embedded platform (the synthesized template's workflows and functions on a
// virtual clock). Waiting advances the clock, so the hours a real first touch may wait take no time here.
import { lifecycleExecutionName } from '../../shared/accounts/account.ts';
import type { AccountEvent } from '../../shared/accounts/events.ts';
import type { LocalPlatform } from '../platform.ts';
import type { SmokeTarget } from './run-smoke.ts';

export class OfflineSmokeTarget implements SmokeTarget {
  private readonly platform: LocalPlatform;

  constructor(platform: LocalPlatform) {
    this.platform = platform;
  }

  now(): Date {
    return this.platform.clock.now();
  }

  async putFile(key: string, body: string, contentType: string): Promise<void> {
    await this.platform.putObject(key, body, contentType);
  }

  async readFile(key: string): Promise<string | undefined> {
    return this.platform.files.keys(key).includes(key) ? this.platform.files.getText(key) : undefined;
  }

  async deleteFiles(prefix: string): Promise<number> {
    const keys = this.platform.files.keys(prefix);
    for (const key of keys) this.platform.files.delete(key);
    return keys.length;
  }

  async accountEvents(accountId: string): Promise<AccountEvent[] | undefined> {
    return (await this.platform.store.readAccount(accountId))?.events;
  }

  async executionStatus(accountId: string): Promise<string | undefined> {
    return this.platform.stepFunctions.execution('Lifecycle', lifecycleExecutionName(accountId))?.status;
  }

  async wait(ms: number): Promise<void> {
    await this.platform.clock.runUntil(new Date(this.platform.clock.now().getTime() + ms));
  }
}
