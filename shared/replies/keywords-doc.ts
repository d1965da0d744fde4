// Writes docs/replies.md: the SMS keywords by language, from data/keywords.json, so the docs cannot drift from what
// the classifier reads (a test compares the file with this generator's output).
//
//   npm exec -- node shared/replies/keywords-doc.ts        (regenerate after changing data/keywords.json)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYWORD_SOURCES, KEYWORDS_BY_LANGUAGE } from './keywords.ts';

export const REPLIES_DOC = fileURLToPath(new URL('../../docs/replies.md', import.meta.url));

const cell = (words: readonly string[]) => (words.length === 0 ? '—' : words.map((w) => w.toUpperCase()).join(', '));

export function keywordsMarkdown(): string {
  const rows = Object.values(KEYWORDS_BY_LANGUAGE).map(
    (l) => `| ${l.name} | ${cell(l.optOut)} | ${cell(l.optOutOpeners)} | ${cell(l.optIn)} | ${cell(l.help)} |`,
  );
  return [
    '# SMS keywords',
    '',
    '<!-- Generated from shared/replies/data/keywords.json by shared/replies/keywords-doc.ts: do not edit by hand. -->',
    '',
    'A text that is one of these words alone (any case; whitespace, punctuation and "please", "thanks", "por favor"',
    'around it ignored) is that keyword, whatever language the account is in. An opener, first in a longer text ("STOP',
    'texting me"), still opts out. START and UNSTOP opt back in from any language; YES alone is no opt-in.',
    '',
    '| language | opt out | opens a longer opt-out | opt back in | help |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Sources:',
    '',
    ...KEYWORD_SOURCES.map((source) => `- ${source}`),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(REPLIES_DOC, keywordsMarkdown());
  console.log(`wrote ${REPLIES_DOC}`);
}
