// The `tactful` command line: each command's arguments and options, declared once for its parser and its --help.
// A command's module is imported only when it runs: the simulator loads the whole platform, which --help has no use for.
import { TEMPLATE_KINDS } from '../../shared/templates/kinds.ts';
import { defineCommand, overview, UsageError, type Command } from './command-line.ts';

const writeLine = (line: string): void => void process.stdout.write(`${line}\n`);

const COMMANDS: readonly Command[] = [
  defineCommand({
    name: 'simulate',
    summary: 'Places a file and runs every account through the real workflows offline, on a virtual clock.',
    details:
      "Prints each account's timeline, the acknowledgement with every rejected row, and a summary; writes report.json,\n" +
      'report.html, outbox.jsonl and the rest into --out. Exits 2 when no row of the file could be placed.',
    options: {
      placements: { type: 'string', value: 'FILE', default: 'examples/placements.csv', description: 'the placement CSV to place' },
      behaviour: {
        type: 'string',
        value: 'FILE',
        description: 'JSON { "<account_ref>": "<persona>" }; unlisted accounts get a persona from the seed',
      },
      profile: {
        type: 'string',
        value: 'FILE',
        multiple: true,
        default: ['examples/creditor-profile.json'],
        description:
          'the creditor profile; give it twice or more for a what-if: the same portfolio and seed under each profile, ' +
          'each run in DIR/<profile name>/, side by side in DIR/compare.json and DIR/compare.html',
      },
      debtors: {
        type: 'string',
        value: 'KIND',
        description:
          'who plays the debtors: "personas" (scripted, see --behaviour) or "model" (the stochastic debtor model: each ' +
          "debtor's traits drawn from the seed, answering each message by channel, hour, tone and cadence); default " +
          'personas, or model with --model',
      },
      model: {
        type: 'string',
        value: 'FILE',
        description: 'your own debtor model, the shape of local/debtor-model/defaults.json (implies --debtors model)',
      },
      accounts: {
        type: 'string',
        value: 'N',
        description:
          "place N synthetic accounts sampled from the placement file's balances, places and languages (seeded; " +
          'synthetic names, example.com emails, 555 numbers) instead of its rows; written to DIR/placements.csv',
      },
      seed: {
        type: 'string',
        value: 'N',
        default: '1',
        description: 'seeds personas or debtor traits, synthetic accounts and reply delays: the same seed gives the same run',
      },
      start: { type: 'string', value: 'ISO', default: '2026-03-02T14:00:00Z', description: 'virtual start time' },
      days: { type: 'string', value: 'N', default: '120', description: 'horizon; accounts still open then are reported as they stand' },
      out: { type: 'string', value: 'DIR', default: 'out/simulation', description: 'where the report and the other files are written' },
      inbox: {
        type: 'string',
        value: 'PORT',
        description: 'after the run, keep the SES web inbox with every email open on PORT (e.g. 8005) until Ctrl-C',
      },
      portal: {
        type: 'string',
        value: 'PORT',
        description:
          "after the run, keep the debtor's page open on PORT (e.g. 8006), a fresh link for every account at /accounts, until Ctrl-C",
      },
      chaos: {
        type: 'string',
        value: 'RATE',
        default: '0',
        description:
          "chaos mode: RATE (e.g. 0.1) of the handlers' AWS calls fail (throttling, 5xx, timeouts) and RATE of sends crash " +
          "after the provider took the message; the platform's retries must absorb it, and the seed replays it",
      },
      store: {
        type: 'string',
        value: 'KIND',
        description:
          'where accounts and creditors live: memory (fast, the same contract as DynamoDB) or dynamo (the embedded ' +
          'DynamoDB, through the adapters AWS runs); memory unless --chaos, whose faults are in the DynamoDB calls',
      },
    },
    run: async (options) => (await import('./simulate-command.ts')).runSimulate(options),
  }),
  defineCommand({
    name: 'validate-placement',
    summary: 'Checks a placement file as Ingest would, before upload.',
    details:
      'Prints the counts and each rejected row (line, field, reason), or with --json\n' +
      '{ "accepted", "rejected", "errors": [{ "line", "field", "message" }] }.\n' +
      'Exits 0 when the file could be read (even with rejected rows), 2 when the file itself is unusable.',
    arguments: ['FILE'],
    options: { json: { type: 'boolean', default: false, description: 'print the result as one JSON object' } },
    run: async (options, [file]) => (await import('./placement-commands.ts')).runValidatePlacement(file!, options.json, writeLine),
  }),
  defineCommand({
    name: 'schema',
    summary: "Prints the placement row's JSON Schema.",
    arguments: ['placement'],
    options: {},
    run: async (_options, [what]) => (await import('./placement-commands.ts')).runSchema(what, writeLine),
  }),
  defineCommand({
    name: 'check-contact',
    summary: 'Says whether a contact is allowed now, and if not why and when it will be.',
    details:
      'Reads contact requests as JSON lines on stdin; writes one decision per line:\n' +
      '{ "allowed", "reasons", "nextAllowedAt" }, or { "error" } for a line it cannot read.',
    options: {},
    run: async () => (await import('./check-contact-command.ts')).runCheckContact(process.stdin, process.stdout),
  }),
  defineCommand({
    name: 'preview',
    summary: 'Renders one message with sample data: HTML for an email, text for an SMS.',
    options: {
      template: {
        type: 'string',
        value: 'KIND',
        default: 'soft-reminder',
        description: `one of ${TEMPLATE_KINDS.join(', ')}`,
      },
      channel: { type: 'string', value: 'C', default: 'email', description: 'email or sms' },
      locale: { type: 'string', value: 'L', default: 'en', description: 'en, es, … (others fall back to English)' },
      creditor: { type: 'string', value: 'FILE', description: 'a creditor profile, for its brand and its own templates' },
    },
    run: async (options) => (await import('./preview-command.ts')).runPreview(options, writeLine),
  }),
  defineCommand({
    name: 'parse-reply',
    summary: 'Reads one debtor message on stdin (an SMS text, or a raw MIME email) and prints how Tactful reads it.',
    details: 'Prints { "intent", "text", "promiseDate"?, "csat"? }.',
    options: {
      channel: { type: 'string', value: 'sms|email', required: true, description: 'the channel the message came by' },
      at: {
        type: 'string',
        value: 'ISO',
        description: 'when it arrived, for dates such as "friday" (default: an email\'s Date: header, else now)',
      },
      tz: { type: 'string', value: 'ZONE', default: 'America/New_York', description: "the debtor's time zone, for those dates" },
    },
    run: async (options) => (await import('./parse-reply-command.ts')).runParseReply(options, process.stdin, writeLine),
  }),
  defineCommand({
    name: 'review-queue',
    summary: 'Lists the replies the rules could not read (intent other), oldest first, as JSON lines.',
    details:
      'Each line is { "creditorId", "accountId", "at", "channel", "messageId", "text", "truncated"? }; the count goes to\n' +
      "stderr. Reads the platform's table with the usual AWS credentials and region (AWS_ENDPOINT_URL_DYNAMODB for an\n" +
      'offline store).',
    options: {
      creditor: { type: 'string', value: 'ID', required: true, description: 'the creditor whose queue to list' },
      table: { type: 'string', value: 'NAME', required: true, description: "the stack's table (its output TableName)" },
    },
    run: async (options) =>
      (await import('./review-queue-command.ts')).runReviewQueue(options, writeLine, (line) => void process.stderr.write(`${line}\n`)),
  }),
  defineCommand({
    name: 'audit',
    summary: "Replays a simulation's outbox against the contact rules and lists every violation.",
    details: 'Prints each violation as a JSON line, then a count. Exits 1 when it finds a violation.',
    options: {
      placements: { type: 'string', value: 'FILE', required: true, description: 'the placement CSV the simulation placed' },
      outbox: { type: 'string', value: 'FILE', required: true, description: "the simulation's outbox.jsonl" },
      replies: { type: 'string', value: 'FILE', description: "the debtors' replies (default: replies.jsonl beside the outbox)" },
      instructions: {
        type: 'string',
        value: 'FILE',
        description: "the creditor's instructions (default: instructions.jsonl beside the outbox)",
      },
      pages: {
        type: 'string',
        value: 'FILE',
        description: 'what the debtors did on their page (default: page-actions.jsonl beside the outbox)',
      },
    },
    run: async (options) => (await import('./audit-command.ts')).runAudit(options, writeLine),
  }),
  defineCommand({
    name: 'smoke',
    summary: 'Checks a deployment end to end with AWS simulator contacts, then cleans up.',
    details:
      'Places a throwaway creditor profile and four debtors (SES success, bounce and complaint simulator addresses, and\n' +
      'an SMS simulator number), waits for the acknowledgements, the executions, the sent touches and the bounce and\n' +
      'complaint coming back, then recalls the accounts and deletes the files. Prints one line per check; exits 1 on any\n' +
      'miss. --stack uses your AWS credentials and region; --offline runs the same steps on the embedded platform.',
    options: {
      stack: { type: 'string', value: 'NAME', description: 'the deployed CloudFormation stack to check' },
      offline: { type: 'boolean', default: false, description: 'check the embedded platform instead (no AWS)' },
      creditor: { type: 'string', value: 'ID', default: 'smoke-test', description: 'the throwaway creditor id to place under' },
      'origination-number': {
        type: 'string',
        value: 'E164',
        description: "the smoke creditor's SMS number: with --stack, an End User Messaging simulator number your account owns",
      },
      'sender-email': {
        type: 'string',
        value: 'ADDRESS',
        default: 'smoke@example.com',
        description: "the smoke creditor's sender address (until its domain verifies, mail goes from the agency's domain)",
      },
      timeout: { type: 'string', value: 'MINUTES', description: 'how long to wait for each step (default 30; offline, 3 virtual days)' },
      keep: { type: 'boolean', default: false, description: 'leave the files and accounts in place instead of cleaning up' },
    },
    run: async (options) => (await import('./smoke-command.ts')).runSmokeCommand(options, writeLine),
  }),
];

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const write = (text: string): void => void process.stdout.write(text);
  if (name === undefined) {
    write(overview(COMMANDS));
    return 2;
  }
  const asksForHelp = name === '--help' || name === '-h' || name === 'help';
  if (asksForHelp && rest[0] === undefined) {
    write(overview(COMMANDS));
    return 0;
  }
  // `tactful help simulate` is `tactful simulate --help`.
  const command = COMMANDS.find((c) => c.name === (asksForHelp ? rest[0] : name));
  if (command && asksForHelp) {
    write(command.help());
    return 0;
  }
  if (!command) {
    process.stderr.write(`Unknown command "${asksForHelp ? rest[0] : name}".\n\n${overview(COMMANDS)}`);
    return 2;
  }
  try {
    return await command.run(rest, write);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`tactful ${name}: ${error.message}\nRun "tactful ${name} --help" for its options.\n`);
    return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`tactful: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
