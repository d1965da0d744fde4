// A command declares its arguments and options once; its parser and its --help text are both derived from that
// declaration, so what `tactful <command> --help` says is what the command accepts.
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the value is, as the help shows it: FILE, N, ISO. */
  value?: string;
  default?: string | string[] | boolean;
  /** Given several times, the values form a list. */
  multiple?: boolean;
  required?: boolean;
  /** What the option means (the help wraps it). */
  description: string;
}

type Options = Record<string, OptionSpec>;

type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? string[] : string;

/** The parsed values: an option with a default or marked required is always there. */
export type OptionValues<O extends Options> = {
  [K in keyof O]: O[K] extends { default: unknown } | { required: true } ? ValueOf<O[K]> : ValueOf<O[K]> | undefined;
};

export interface CommandSpec<O extends Options> {
  name: string;
  /** One line: what the command does, for the overview and the top of its help. */
  summary: string;
  /** More of its help: what it reads and prints, its exit codes. */
  details?: string;
  /** Its positional arguments in order, as the usage line names them; each one is required. */
  arguments?: string[];
  options: O;
  run(values: OptionValues<O>, args: string[]): Promise<number> | number;
}

export interface Command {
  name: string;
  summary: string;
  help(): string;
  /** Parses the command's arguments (or prints its help) and runs it; resolves to the exit code. */
  run(args: string[], write: (text: string) => void): Promise<number>;
}

/** A command line the command cannot take: main prints the message with a pointer to the help, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function defineCommand<const O extends Options>(spec: CommandSpec<O>): Command {
  const help = (): string => commandHelp(spec);
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    async run(args, write) {
      if (args.includes('--help') || args.includes('-h')) {
        write(help());
        return 0;
      }
      const { values, positionals } = parse(spec, args);
      return spec.run(values, positionals);
    },
  };
}

function parse<O extends Options>(spec: CommandSpec<O>, args: string[]): { values: OptionValues<O>; positionals: string[] } {
  const expected = spec.arguments ?? [];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: expected.length > 0,
      options: Object.fromEntries(
        Object.entries(spec.options).map(([name, o]) => [
          name,
          { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.default !== undefined ? { default: o.default } : {}) },
        ]),
      ),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const missing = Object.entries(spec.options).filter(([name, o]) => o.required && parsed.values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`needs ${missing.map(([name, o]) => optionLabel(name, o)).join(' and ')}`);
  if (parsed.positionals.length !== expected.length) {
    const takes = expected.length === 0 ? 'no arguments' : expected.join(' ');
    throw new UsageError(`takes ${takes}; got ${parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ')}`);
  }
  return { values: parsed.values as OptionValues<O>, positionals: parsed.positionals };
}

function optionLabel(name: string, option: OptionSpec): string {
  return option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`;
}

function commandHelp<O extends Options>(spec: CommandSpec<O>): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => {
    const defaultValue = Array.isArray(o.default) ? o.default.join(', ') : o.default;
    const notes = [o.required ? 'required' : undefined, typeof defaultValue === 'string' ? `default ${defaultValue}` : undefined].filter(
      Boolean,
    );
    return [`${optionLabel(name, o)}${o.multiple ? ' ...' : ''}`, `${o.description}${notes.length ? ` (${notes.join('; ')})` : ''}`];
  });
  rows.push(['-h, --help', 'print this help']);
  const usage = ['tactful', spec.name, ...(spec.arguments ?? []), ...(rows.length > 1 ? ['[options]'] : [])].join(' ');
  return [`Usage: ${usage}`, '', spec.summary, ...(spec.details ? [spec.details] : []), '', 'Options:', table(rows), ''].join('\n');
}

/** The commands and their summaries, for `tactful --help`. */
export function overview(commands: readonly Command[]): string {
  return [
    'Usage: tactful <command> [options]',
    '',
    'Commands:',
    table(commands.map((c) => [c.name, c.summary])),
    '',
    'Run "tactful <command> --help" for what a command reads, prints and accepts.',
    '',
  ].join('\n');
}

const HELP_WIDTH = 120;

/** Two columns; the second wraps at word boundaries, indented under itself. */
function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  const indent = `\n  ${' '.repeat(width)}`;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${wrap(right, HELP_WIDTH - width - 2).join(indent)}`).join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}
