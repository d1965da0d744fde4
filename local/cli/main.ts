// The `tactful` command line.
import { parseArgs } from 'node:util';
import { runSimulate } from './simulate-command.ts';

const USAGE = `Usage: tactful <command> [options]

Commands:
  simulate   Place a file and run every account through the real workflows offline, on a virtual clock.
             --placements FILE  placement CSV (default examples/placements.csv)
             --behaviour FILE   JSON { "<account_ref>": "<persona>" } (unlisted accounts get a persona from the seed)
             --profile FILE     creditor profile JSON (default examples/creditor-profile.json)
             --seed N           seed for personas and reply delays (default 1)
             --start ISO        virtual start time (default 2026-03-02T14:00:00Z)
             --days N           horizon in days (default 120)
             --out DIR          where report.json and outbox.jsonl go (default out/simulation)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'simulate': {
      const { values } = parseArgs({
        args: rest,
        options: {
          placements: { type: 'string', default: 'examples/placements.csv' },
          behaviour: { type: 'string' },
          profile: { type: 'string', default: 'examples/creditor-profile.json' },
          seed: { type: 'string', default: '1' },
          start: { type: 'string', default: '2026-03-02T14:00:00Z' },
          days: { type: 'string', default: '120' },
          out: { type: 'string', default: 'out/simulation' },
        },
      });
      return runSimulate(values as Parameters<typeof runSimulate>[0]);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`tactful: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
