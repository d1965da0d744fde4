// Our own replies in the quote styles debtors' mail clients use (test/fixtures/replies/*.eml, each with its expected
// visible text and intent in manifest.json): the email parser keeps the debtor's words, and only those decide.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../shared/replies/classify.ts';
import { parseReplyEmail } from '../../shared/replies/email.ts';

interface Fixture {
  file: string;
  style: string;
  visibleText: string;
  intent: string;
}

const dir = new URL('../fixtures/replies/', import.meta.url);
const fixtures = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Fixture[];
// Wednesday 12 March 2025, when the fixtures were sent.
const ctx = { channel: 'email' as const, receivedAt: new Date('2025-03-12T15:00:00Z'), timeZone: 'America/Chicago' };

describe('email reply fixtures', () => {
  it.each(fixtures.map((f) => [f.file, f] as const))('%s', async (_, fixture) => {
    const { text } = await parseReplyEmail(readFileSync(new URL(fixture.file, dir)));
    expect(text.replace(/\s+/g, ' ')).toBe(fixture.visibleText.replace(/\s+/g, ' '));
    expect(classifyReply(text, ctx).intent).toBe(fixture.intent);
  });
});
