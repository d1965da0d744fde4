// How well Tactful finds the debtor's words in an email, measured on two quote parsers' public fixtures, read from
// local git snapshots of their repositories (no text of theirs is kept in this repository):
//   github/email_reply_parser: test/emails/*.txt, with the visible text its test file asserts (an exact
//     `parse_reply` result, or a first fragment asserted exactly while every later one is hidden);
//   mailgun/talon: every `eq_(expected, quotations.extract_from_plain|extract_from_html(body))` in its tests, run
//     through a tiny reader of the Python (string literals, assignments, calls to the test's helpers, fixture files
//     read with open()), and tests/fixtures/standard_replies/*.eml against their *_reply_text (else "Hello").
// Each case goes through parseReplyEmail, the code path of `tactful parse-reply --channel email` (a plain or HTML body
// becomes a MIME message first), and is compared with all whitespace removed. Not part of npm test.
//   ERP_REPO=/path/to/email_reply_parser.git TALON_REPO=/path/to/talon.git node bench/quote-fixtures.ts [--verbose]
import { execFileSync } from 'node:child_process';
import { parseReplyEmail } from '../shared/replies/email.ts';

const erpRepo = process.env.ERP_REPO ?? process.argv[2];
const talonRepo = process.env.TALON_REPO ?? process.argv[3];
if (!erpRepo || !talonRepo) {
  process.stderr.write('usage: ERP_REPO=<git dir> TALON_REPO=<git dir> node bench/quote-fixtures.ts [--verbose]\n');
  process.exit(2);
}
const verbose = process.argv.includes('--verbose');

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const show = (repo: string, path: string) => git(repo, 'show', `HEAD:${path}`);
const list = (repo: string, dir: string) => git(repo, 'ls-tree', '--name-only', `HEAD:${dir}`).split('\n').filter(Boolean);

interface Case {
  source: string;
  /** A raw MIME message, or a body to wrap in one. */
  input: { mime: string } | { plain: string } | { html: string };
  expected: string;
}

// ---- email_reply_parser (Ruby) ----

/** A Ruby double-quoted string's value (the escapes its test file uses). */
const rubyString = (s: string) => s.replace(/\\(n|t|"|\\)/g, (_, c: string) => ({ n: '\n', t: '\t', '"': '"', '\\': '\\' })[c] as string);

function erpCases(): Case[] {
  const test = show(erpRepo!, 'test/email_reply_parser_test.rb');
  const cases: Case[] = [];
  const fixture = (name: string) => show(erpRepo!, `test/emails/${name}.txt`);
  for (const block of test.split(/\n\s*def /).slice(1)) {
    const name = /^(\w+)/.exec(block)?.[1] ?? '?';
    const file = /EMAIL_FIXTURE_PATH\.join\("([\w.]+)\.txt"\)/.exec(block)?.[1];
    const parsed = /assert_equal "((?:[^"\\]|\\.)*)",\s*EmailReplyParser\.parse_reply\(body\)/.exec(block);
    if (file && parsed) {
      cases.push({ source: `email_reply_parser ${name} (${file}.txt)`, input: { plain: fixture(file) }, expected: rubyString(parsed[1]!) });
      continue;
    }
    // The first fragment asserted exactly, and every later one hidden: that fragment is the visible text.
    const email = /email\(:(\w+)\)/.exec(block)?.[1];
    const first = /assert_equal "((?:[^"\\]|\\.)*)", reply\.fragments\[0\]\.to_s/.exec(block);
    const hidden = /assert_equal \[false((?:, true)+)\],\s*reply\.fragments\.map \{ \|f\| f\.hidden\? \}/.exec(block);
    if (email && first && hidden) {
      cases.push({
        source: `email_reply_parser ${name} (${email}.txt)`,
        input: { plain: fixture(email) },
        expected: rubyString(first[1]!),
      });
    }
  }
  return cases;
}

// ---- talon (Python) ----

type Token = { kind: 'string'; value: string } | { kind: 'name' | 'op'; value: string } | { kind: 'end' };

const PY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

function pyUnescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (all, e: string) =>
    e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (PY_ESCAPES[e] ?? all),
  );
}

/** Python tokens, with a logical line's end as `end` (brackets and backslashes continue a line). */
function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const string = /^([uUrRbB]{0,2})("""|'''|"|')/.exec(rest);
    if (string) {
      const quote = string[2]!;
      const raw = /r/i.test(string[1]!);
      let j = string[0].length;
      while (j < rest.length && !rest.startsWith(quote, j)) j += rest[j] === '\\' ? 2 : 1;
      const body = rest.slice(string[0].length, j);
      tokens.push({ kind: 'string', value: raw ? body : pyUnescape(body) });
      i += j + quote.length;
      continue;
    }
    const c = src[i]!;
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
    } else if (c === '\n') {
      if (depth === 0) tokens.push({ kind: 'end' });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const name = /^[A-Za-z_]\w*/.exec(rest)![0];
      tokens.push({ kind: 'name', value: name });
      i += name.length;
    } else {
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'op', value: c });
      i++;
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

type Value = string | { extract: 'plain' | 'html'; body: string } | { file: string } | undefined;

interface PyFunction {
  params: string[];
  body: Token[];
}

/** Reads a talon test module: its top-level functions, run one by one, each eq_ on an extraction becoming a case. */
class TalonTestReader {
  readonly functions = new Map<string, PyFunction>();
  readonly cases: Case[] = [];
  private readonly file: string;
  constructor(file: string, src: string) {
    this.file = file;
    // Top-level functions; a decorated one (a mock) tests something else.
    for (const chunk of src.split(/\n(?=def \w+\(|@\w)/)) {
      const def = /^def (\w+)\(([^)]*)\):/.exec(chunk);
      if (!def) continue;
      const params = def[2]!
        .split(',')
        .map((p) => p.trim().split('=')[0]!.trim())
        .filter(Boolean);
      this.functions.set(def[1]!, { params, body: tokenize(chunk.slice(def[0].length)) });
    }
    const decorated = new Set([...src.matchAll(/^@[^\n]*\n(?:@[^\n]*\n)*def (\w+)/gm)].map((m) => m[1]));
    for (const [name, fn] of this.functions) if (name.startsWith('test_') && !decorated.has(name)) this.run(name, fn, []);
  }

  private run(name: string, fn: PyFunction, args: Value[]): void {
    const env = new Map<string, Value>(fn.params.map((p, k) => [p, args[k]]));
    const t = fn.body;
    let at = 0;
    const peek = () => t[at] ?? { kind: 'end' as const };
    const eat = () => t[at++] ?? { kind: 'end' as const };
    const isOp = (v: string) => peek().kind === 'op' && (peek() as { value: string }).value === v;

    const call = (callee: string, argv: Value[]): Value => {
      const [a, b] = argv;
      if (callee === 'quotations.extract_from_plain' && typeof a === 'string') return { extract: 'plain', body: a };
      if (callee === 'quotations.extract_from_html' && typeof a === 'string') return { extract: 'html', body: a };
      if (['RE_WHITESPACE.sub', 're.sub'].includes(callee)) return b;
      if (['six.text_type', 'u.html_to_text', 'str'].includes(callee)) return a;
      if (callee === 'open' && typeof a === 'string') return { file: a };
      if (callee.endsWith('.read') && typeof env.get(callee.slice(0, -5)) === 'object') {
        const file = env.get(callee.slice(0, -5)) as { file: string };
        return show(talonRepo!, file.file);
      }
      if (callee === 'eq_') {
        const [expected, actual] = typeof a === 'object' && a && 'extract' in a ? [b, a] : [a, b];
        if (typeof expected === 'string' && typeof actual === 'object' && actual && 'extract' in actual) {
          this.cases.push({
            source: `talon ${this.file} ${name}`,
            input: actual.extract === 'plain' ? { plain: actual.body } : { html: actual.body },
            expected: actual.extract === 'html' ? htmlText(expected) : expected,
          });
        }
        return undefined;
      }
      const helper = this.functions.get(callee);
      if (helper) this.run(`${name} → ${callee}(${argv.map((v) => JSON.stringify(v)).join(', ')})`, helper, argv);
      return undefined;
    };

    const expression = (): Value => {
      let value: Value;
      let path = '';
      const first = eat();
      if (first.kind === 'string') {
        value = first.value;
        while (peek().kind === 'string') value += (eat() as { value: string }).value;
      } else if (first.kind === 'name') {
        path = first.value;
        value = env.get(path);
      } else if (first.kind === 'op' && first.value === '(') {
        value = expression();
        while (isOp(',')) {
          eat();
          expression();
        }
        if (isOp(')')) eat();
      } else {
        return undefined;
      }
      for (;;) {
        if (isOp('.') && t[at + 1]?.kind === 'name') {
          eat();
          const member = (eat() as { value: string }).value;
          path = path ? `${path}.${member}` : `.${member}`;
        } else if (isOp('(')) {
          eat();
          const argv: Value[] = [];
          while (!isOp(')') && peek().kind !== 'end') {
            if (peek().kind === 'name' && t[at + 1]?.kind === 'op' && (t[at + 1] as { value: string }).value === '=') at += 2;
            argv.push(expression());
            if (isOp(',')) eat();
            else if (!isOp(')')) eat();
          }
          eat();
          if (path.endsWith('.format') && typeof value === 'string') value = value.replace('{}', String(argv[0]));
          else if (path.endsWith('.replace') && typeof value === 'string') value = value.split(String(argv[0])).join(String(argv[1]));
          else value = call(path, argv);
          path = '';
        } else if (isOp('[')) {
          while (!isOp(']') && peek().kind !== 'end') eat();
          eat();
          value = undefined;
        } else {
          return value;
        }
      }
    };

    while (at < t.length) {
      if (peek().kind === 'end') {
        eat();
        continue;
      }
      if (
        peek().kind === 'name' &&
        ['with', 'for', 'if', 'import', 'from', 'kwargs', 'assert'].includes((peek() as { value: string }).value)
      ) {
        // `with open(x) as f:` binds f; other compound statements are stepped over line by line.
        const line: Token[] = [];
        while (peek().kind !== 'end') line.push(eat());
        const withOpen = line.findIndex((tok) => tok.kind === 'name' && tok.value === 'as');
        if (line[0]?.kind === 'name' && line[0].value === 'with' && withOpen > 0) {
          const arg = line[3];
          const bound = line[withOpen + 1];
          const file = arg?.kind === 'string' ? arg.value : arg?.kind === 'name' ? env.get(arg.value) : undefined;
          if (bound?.kind === 'name' && typeof file === 'string') env.set(bound.value, { file });
        }
        continue;
      }
      if (
        peek().kind === 'name' &&
        t[at + 1]?.kind === 'op' &&
        (t[at + 1] as { value: string }).value === '=' &&
        !(t[at + 2]?.kind === 'op' && (t[at + 2] as { value: string }).value === '=')
      ) {
        const target = (eat() as { value: string }).value;
        eat();
        env.set(target, expression());
      } else {
        expression();
      }
      while (peek().kind !== 'end') eat();
    }
  }
}

/** The text of an expected HTML body, as talon's tests compare it (whitespace aside). */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#160;|&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function talonCases(): Case[] {
  const cases: Case[] = [];
  for (const file of ['tests/text_quotations_test.py', 'tests/html_quotations_test.py']) {
    cases.push(...new TalonTestReader(file.replace('tests/', ''), show(talonRepo!, file)).cases);
  }
  const dir = 'tests/fixtures/standard_replies';
  const files = list(talonRepo!, dir);
  for (const eml of files.filter((f) => f.endsWith('.eml'))) {
    const replyText = `${eml.slice(0, -4)}_reply_text`;
    const expected = files.includes(replyText) ? show(talonRepo!, `${dir}/${replyText}`).trim() : 'Hello';
    cases.push({ source: `talon standard_replies/${eml}`, input: { mime: show(talonRepo!, `${dir}/${eml}`) }, expected });
  }
  return cases;
}

// ---- the run ----

function mime(input: Case['input']): string {
  if ('mime' in input) return input.mime;
  const [type, body] = 'plain' in input ? ['text/plain', input.plain] : ['text/html', input.html];
  const headers = ['From: Dana Debtor <dana@example.net>', 'To: reply@tactful.example', 'Subject: Re: Your account', 'MIME-Version: 1.0'];
  const encoded = Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return [...headers, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', encoded].join('\r\n');
}

const squash = (s: string) => s.replace(/\s+/g, '');
const cases = [...erpCases(), ...talonCases()];
const misses: { source: string; expected: string; got: string }[] = [];
const started = performance.now();
for (const c of cases) {
  let got: string;
  try {
    got = (await parseReplyEmail(mime(c.input))).text;
  } catch (error) {
    got = `(error: ${(error as Error).message})`;
  }
  if (squash(got) !== squash(c.expected)) misses.push({ source: c.source, expected: c.expected, got });
}
const ms = performance.now() - started;
for (const miss of misses) {
  process.stdout.write(`MISS ${miss.source}\n`);
  if (verbose)
    process.stdout.write(
      `  expected ${JSON.stringify(miss.expected.slice(0, 300))}\n  got      ${JSON.stringify(miss.got.slice(0, 300))}\n`,
    );
}
const GROUPS = ['email_reply_parser', 'talon text_quotations_test.py', 'talon html_quotations_test.py', 'talon standard_replies'];
const groups = GROUPS.map((group) => {
  const total = cases.filter((c) => c.source.startsWith(group)).length;
  return `${group} ${total - misses.filter((m) => m.source.startsWith(group)).length}/${total}`;
});
process.stdout.write(`${cases.length - misses.length} of ${cases.length} as expected (${groups.join(', ')}; ${Math.round(ms)} ms)\n`);
