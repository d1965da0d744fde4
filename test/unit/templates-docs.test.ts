import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { CREDITOR_HTML_TAGS } from '../../shared/templates/creditor-html.ts';
import { MESSAGES_DOC, messagesMarkdown } from '../../shared/templates/examples.ts';
import { TEMPLATE_KINDS } from '../../shared/templates/kinds.ts';
import { LOCALES } from '../../shared/templates/locale.ts';
import { previewMessage, sampleContext } from '../../shared/templates/sample.ts';

const profileJson = JSON.parse(readFileSync(new URL('../../examples/creditor-profile.json', import.meta.url), 'utf8'));

describe('docs/messages.md', () => {
  it('is what the generator writes (regenerate: npm exec -- node shared/templates/examples.ts)', () => {
    expect(readFileSync(MESSAGES_DOC, 'utf8')).toBe(messagesMarkdown());
  });

  it("and the README list the same HTML a creditor's template may contain as the sanitizer allows", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const listed = (doc: string) =>
      [...(/may contain only ([^.]*?), with one attribute/.exec(doc.replace(/\s+/g, ' '))?.[1] ?? '').matchAll(/`<(\w+)>`/g)].map(
        (m) => m[1],
      );
    expect(listed(readme)).toEqual(CREDITOR_HTML_TAGS);
    expect(messagesMarkdown()).toContain(CREDITOR_HTML_TAGS.map((t) => `\`<${t}>\``).join(', '));
  });

  it('shows one email (text and HTML) and one SMS per kind and locale', () => {
    const doc = messagesMarkdown();
    for (const kind of TEMPLATE_KINDS) {
      expect(doc).toContain(`(\`${kind}\`)`);
      for (const locale of LOCALES) {
        expect(doc).toContain(`\`${kind}.email.${locale}.v1\``);
        expect(doc).toContain(`\`${kind}.sms.${locale}.v1\``);
      }
    }
    expect(doc.match(/```html/g)).toHaveLength(TEMPLATE_KINDS.length * LOCALES.length);
  });
});

describe('previewMessage', () => {
  it('renders every template with sample data: HTML for an email, text for an SMS', () => {
    for (const template of TEMPLATE_KINDS) {
      for (const locale of ['en', 'es-US', 'fr']) {
        const html = previewMessage({ template, locale, channel: 'email' });
        expect(html.startsWith('<!doctype html>')).toBe(true);
        const text = previewMessage({ template, locale, channel: 'sms' });
        expect(text).not.toMatch(/[<>{}]/);
        expect(text).toMatch(/STOP/);
      }
    }
  });

  it("uses the creditor's profile for its brand, and the agency's identity after a hand-off", () => {
    const profile = parseCreditorProfile(profileJson);
    const soft = previewMessage({ profile, template: 'soft-reminder', locale: 'en', channel: 'email' });
    expect(soft).toContain('Warm regards, the Acme Energy customer care team');
    expect(soft).toContain('href="https://pay.acme-energy.example/account"');
    const third = previewMessage({ profile, template: 'third-party', locale: 'en', channel: 'email' });
    expect(third).toContain('Acme Energy, the original creditor');
    expect(third).not.toContain('customer care team');
    expect(third).not.toContain('pay.acme-energy.example');
  });

  it("uses the profile's own templates once the profile carries them", () => {
    const profile = {
      ...parseCreditorProfile(profileJson),
      templates: {
        'soft-reminder': { en: { sms: { body: '{{senderName}}: hello! {{paymentUrl}} {{timeBarredDisclosure}} {{optOut}}' } } },
      },
    };
    expect(previewMessage({ profile, template: 'soft-reminder', locale: 'en', channel: 'sms' })).toBe(
      'Acme Energy: hello! https://pay.acme-energy.example/account Reply STOP to opt out.',
    );
    expect(sampleContext({ kind: 'third-party', profile }).overrides).toBeUndefined();
  });
});
