// The `tactful` command line.
import { parseArgs } from 'node:util';
import { runAudit } from './audit-command.ts';
import { runCheckContact } from './check-contact-command.ts';
import { runParseReply } from './parse-reply-command.ts';
import { runSchema, runValidatePlacement } from './placement-commands.ts';
import { runPreview } from './preview-command.ts';
import { runReviewQueue } from './review-queue-command.ts';
import { runSimulate } from './simulate-command.ts';

const USAGE = `Usage: tactful <command> [options]

Commands:
  simulate   Place a file and run every account through the real workflows offline, on a virtual clock.
             --placements FILE  placement CSV (default examples/placements.csv)
             --behaviour FILE   JSON { "<account_ref>": "<persona>" } (unlisted accounts get a persona from the seed)
             --profile FILE     creditor profile JSON (default examples/creditor-profile.json); give it twice or more
                                for a what-if: the same portfolio and seed under each profile, each run in
                                DIR/<profile name>/, side by side in DIR/compare.json and DIR/compare.html
             --seed N           seed for personas and reply delays (default 1)
             --start ISO        virtual start time (default 2026-03-02T14:00:00Z)
             --days N           horizon in days (default 120)
             --out DIR          where report.json, report.html and outbox.jsonl go (default out/simulation)
             --inbox PORT       afterwards, keep the SES web inbox with every email open on PORT (e.g. 8005)
  validate-placement FILE [--json]
             Checks a placement file as Ingest would, before upload: the acknowledgement, or with --json
             { "accepted", "rejected", "errors": [{ "line", "field", "message" }] }. Exits 2 when the file is unusable.
  schema placement
             Prints the placement row's JSON Schema.
  check-contact
             Reads contact requests as JSON lines on stdin; writes one decision per line:
             { "allowed", "reasons", "nextAllowedAt" }, or { "error" } for a line it cannot read.
  preview    Renders one message with sample data: HTML for an email, text for an SMS.
             --template KIND    soft-reminder, escalation, missed-promise, plan-reminder, plan-missed,
                                third-party, final-notice, cease-notice, thank-you or survey
             --channel C        email (default) or sms
             --locale L         en (default), es, …
             --creditor FILE    a creditor profile, for its brand and its own templates
  parse-reply
             Reads one debtor message on stdin (an SMS text, or a raw MIME email) and prints how Tactful reads it:
             { "intent", "text", "promiseDate"?, "csat"? }
             --channel sms|email   (required)
             --at ISO              when it arrived (default now), for dates such as "friday"
             --tz ZONE             the debtor's time zone (default America/New_York)
  review-queue
             Lists the replies the rules could not read (intent other), oldest first, as JSON lines
             { "creditorId", "accountId", "at", "channel", "messageId", "text", "truncated"? }. Reads the platform's
             table with the usual AWS credentials and region (AWS_ENDPOINT_URL_DYNAMODB for an offline store).
             --creditor ID      (required)
             --table NAME       the stack's table (output TableName) (required)
  audit      Replays a simulation's outbox against the contact rules and lists every violation.
             --placements FILE  the placement CSV the simulation placed
             --outbox FILE      the simulation's outbox.jsonl
             --replies FILE     the debtors' replies (default: replies.jsonl beside the outbox)
             --instructions FILE the creditor's instructions (default: instructions.jsonl beside the outbox)
             Exits 1 when it finds a violation.
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
          profile: { type: 'string', multiple: true, default: ['examples/creditor-profile.json'] },
          seed: { type: 'string', default: '1' },
          start: { type: 'string', default: '2026-03-02T14:00:00Z' },
          days: { type: 'string', default: '120' },
          out: { type: 'string', default: 'out/simulation' },
          inbox: { type: 'string' },
        },
      });
      return runSimulate(values as Parameters<typeof runSimulate>[0]);
    }
    case 'preview': {
      const { values } = parseArgs({
        args: rest,
        options: {
          creditor: { type: 'string' },
          template: { type: 'string', default: 'soft-reminder' },
          locale: { type: 'string', default: 'en' },
          channel: { type: 'string', default: 'email' },
        },
      });
      return runPreview(values as Parameters<typeof runPreview>[0], (text) => void process.stdout.write(`${text}\n`));
    }
    case 'parse-reply': {
      const { values } = parseArgs({
        args: rest,
        options: { channel: { type: 'string', default: '' }, at: { type: 'string' }, tz: { type: 'string', default: 'America/New_York' } },
      });
      return runParseReply(values as Parameters<typeof runParseReply>[0], process.stdin, (line) => void process.stdout.write(`${line}\n`));
    }
    case 'review-queue': {
      const { values } = parseArgs({ args: rest, options: { creditor: { type: 'string' }, table: { type: 'string' } } });
      return runReviewQueue(values, (line) => void process.stdout.write(`${line}\n`), (line) => void process.stderr.write(`${line}\n`));
    }
    case 'validate-placement': {
      const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
      if (positionals.length !== 1) throw new Error('validate-placement needs one FILE');
      return runValidatePlacement(positionals[0]!, values.json, (line) => void process.stdout.write(`${line}\n`));
    }
    case 'schema':
      return runSchema(rest[0], (text) => void process.stdout.write(`${text}\n`));
    case 'check-contact':
      return runCheckContact(process.stdin, process.stdout);
    case 'audit': {
      const { values } = parseArgs({
        args: rest,
        options: {
          placements: { type: 'string' },
          outbox: { type: 'string' },
          replies: { type: 'string' },
          instructions: { type: 'string' },
        },
      });
      if (!values.placements || !values.outbox) throw new Error('audit needs --placements FILE and --outbox FILE');
      return runAudit(values as Parameters<typeof runAudit>[0], (line) => void process.stdout.write(`${line}\n`));
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
