// Runs the smoke test on the embedded platform: started now (real time) so that the debtors' zones are chosen as a
// deployment's would be, then driven by its virtual clock.
import { LocalPlatform } from '../platform.ts';
import { OfflineSmokeTarget } from './offline-smoke-target.ts';
import type { SmokeResult, SmokeTarget } from './run-smoke.ts';

export async function runOfflineSmoke(run: (target: SmokeTarget) => Promise<SmokeResult>, start = new Date()): Promise<SmokeResult> {
  const platform = await LocalPlatform.start({ start });
  try {
    return await run(new OfflineSmokeTarget(platform));
  } finally {
    await platform.close();
  }
}
