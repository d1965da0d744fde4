import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYWORDS_BY_LANGUAGE } from '../../shared/replies/keywords.ts';
import { REPLIES_DOC, keywordsMarkdown } from '../../shared/replies/keywords-doc.ts';

describe('docs/replies.md', () => {
  it('is what the generator writes (regenerate: npm exec -- node shared/replies/keywords-doc.ts)', () => {
    expect(readFileSync(REPLIES_DOC, 'utf8')).toBe(keywordsMarkdown());
  });

  it('lists every keyword of every language', () => {
    const doc = keywordsMarkdown();
    for (const language of Object.values(KEYWORDS_BY_LANGUAGE)) {
      for (const keyword of [...language.optOut, ...language.optIn, ...language.help]) expect(doc).toContain(keyword.toUpperCase());
    }
  });
});
