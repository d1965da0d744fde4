// `tactful smoke --offline`: the deployment check's own steps against the embedded platform (the real workflows and
// functions), where the SES and SMS stand-ins answer the simulator addresses as AWS does.
import { describe, expect, it } from 'vitest';
import { runOfflineSmoke } from '../../local/smoke/offline-smoke.ts';
import { runSmoke } from '../../local/smoke/run-smoke.ts';

describe('tactful smoke --offline', () => {
  it('sees the acknowledgements, the executions, the sent touches, the bounce and the complaint, then cleans up', async () => {
    const lines: string[] = [];
    const result = await runOfflineSmoke(
      (target) =>
        runSmoke(target, {
          creditorId: 'smoke-test',
          originationNumber: '+18005550177',
          senderEmail: 'smoke@example.com',
          timeoutMs: 3 * 86_400_000,
          pollMs: 60_000,
          print: (line) => lines.push(line),
        }),
      new Date('2026-03-03T16:00:00Z'),
    );
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.checks).toHaveLength(11);
    expect(lines).toContain('cleanup: accounts recalled');
  }, 120_000);
});
