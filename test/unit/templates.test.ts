import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel, ContactStage } from '../../shared/accounts/events.ts';
import {
  SMS_MAX_LENGTH,
  escapeHtml,
  renderTouch,
  templateId,
  type RenderedEmail,
  type RenderedSms,
  type TouchContext,
} from '../../shared/templates/render.ts';

const STAGES: ContactStage[] = ['SoftReminder', 'Escalation', 'ThirdParty'];
const CHANNELS: Channel[] = ['email', 'sms'];

const CREDITOR = { name: 'Acme Energy', signOff: 'The Acme Energy billing team', supportPhone: '(800) 555-0100', kind: 'creditor' as const };
const AGENCY = { name: 'Northwind Recovery', signOff: 'The Northwind Recovery team', supportPhone: '(800) 555-0199', kind: 'agency' as const };

function ctx(stage: ContactStage, channel: Channel, overrides: Partial<TouchContext> = {}): TouchContext {
  return {
    stage,
    channel,
    touchNumber: 1,
    sender: stage === 'ThirdParty' ? AGENCY : CREDITOR,
    creditorName: 'Acme Energy',
    debtorFirstName: 'Ana',
    balance: '$1,234.50',
    paymentUrl: 'https://pay.example.com/p/acc-0123456789abcdef01234567',
    optOut: { sms: 'Reply STOP to opt out.', emailUrl: 'https://mail.example.com/unsubscribe?t=abc123' },
    ...overrides,
  };
}

const email = (c: TouchContext) => renderTouch(c) as RenderedEmail;
const sms = (c: TouchContext) => renderTouch(c) as RenderedSms;

/** Everything a debtor can read in a rendered message. */
function allText(message: RenderedEmail | RenderedSms): string {
  return message.channel === 'sms' ? message.body : `${message.subject}\n${message.text}\n${message.html}`;
}

const BANNED = [
  /delinquen/i,
  /failure to pay/i,
  /legal action/i,
  /lawsuit/i,
  /\bsue\b/i,
  /\bcourt\b/i,
  /attorney/i,
  /arrest/i,
  /garnish/i,
  /credit (report|score|bureau)/i,
  /final (notice|warning)/i,
  /\burgent/i,
  /immediately/i,
  /\bmust\b/i,
  /\bfailed\b/i,
  /consequences/i,
];

const CASES = STAGES.flatMap((stage) => CHANNELS.flatMap((channel) => [1, 2, 3].map((n) => [stage, channel, n] as const)));

describe('renderTouch', () => {
  it.each(CASES)('renders %s by %s, touch %d', (stage, channel, touchNumber) => {
    const message = renderTouch(ctx(stage, channel, { touchNumber }));
    expect(message.channel).toBe(channel);
    expect(message.template).toBe(templateId(stage, channel));
    const content = allText(message);
    expect(content).toContain('Ana');
    expect(content).toContain('$1,234.50');
    expect(content).toContain('https://pay.example.com/p/acc-0123456789abcdef01234567');
    expect(content).not.toMatch(/\$\{|undefined|null|NaN|\[object/);
  });

  it('uses stable template ids', () => {
    expect(STAGES.flatMap((s) => CHANNELS.map((c) => templateId(s, c)))).toEqual([
      'soft-reminder.email.v1',
      'soft-reminder.sms.v1',
      'escalation.email.v1',
      'escalation.sms.v1',
      'third-party.email.v1',
      'third-party.sms.v1',
    ]);
  });

  it.each(CASES)('carries the opt-out in %s by %s, touch %d', (stage, channel, touchNumber) => {
    const message = renderTouch(ctx(stage, channel, { touchNumber }));
    if (message.channel === 'sms') {
      expect(message.body.endsWith('Reply STOP to opt out.')).toBe(true);
    } else {
      expect(message.html).toMatch(/<a href="https:\/\/mail\.example\.com\/unsubscribe\?t=abc123"[^>]*>Unsubscribe[^<]*<\/a>/);
      expect(message.text).toMatch(/Unsubscribe[^\n]*: https:\/\/mail\.example\.com\/unsubscribe\?t=abc123/);
    }
  });

  it.each(CASES)('never uses accusatory or threatening words in %s by %s, touch %d', (stage, channel, touchNumber) => {
    const content = allText(renderTouch(ctx(stage, channel, { touchNumber })));
    for (const banned of BANNED) expect(content).not.toMatch(banned);
  });

  it('gently escalates: a soft nudge first, then an offer of a plan', () => {
    expect(email(ctx('SoftReminder', 'email')).text).toMatch(/slipped your mind/);
    expect(sms(ctx('SoftReminder', 'sms')).body).toMatch(/slipped your mind/);
    expect(email(ctx('Escalation', 'email')).text).toMatch(/payment plan/);
    expect(sms(ctx('Escalation', 'sms')).body).toMatch(/payment plan/);
    expect(email(ctx('ThirdParty', 'email')).text).toMatch(/payment plan/);
  });

  it('carries the debt-collector disclosure in ThirdParty only', () => {
    for (const channel of CHANNELS) {
      for (const touchNumber of [1, 2]) {
        expect(allText(renderTouch(ctx('ThirdParty', channel, { touchNumber })))).toMatch(/from a debt collector/);
        expect(allText(renderTouch(ctx('SoftReminder', channel, { touchNumber })))).not.toMatch(/debt collector|collect a debt/i);
        expect(allText(renderTouch(ctx('Escalation', channel, { touchNumber })))).not.toMatch(/debt collector|collect a debt/i);
      }
      // The first message carries the full statement (Reg F 1006.18(e)(1)), later ones the short one.
      expect(allText(renderTouch(ctx('ThirdParty', channel, { touchNumber: 1 })))).toMatch(/attempt(ing)? to collect a debt/);
      expect(allText(renderTouch(ctx('ThirdParty', channel, { touchNumber: 2 })))).not.toMatch(/collect a debt/);
    }
  });

  it('names the agency as sender and the creditor as the original creditor in ThirdParty', () => {
    const third = email(ctx('ThirdParty', 'email', { creditorName: 'Acme Energy Inc.' }));
    expect(third.text).toContain("We're Northwind Recovery");
    expect(third.text).toContain('Acme Energy Inc., the original creditor');
    expect(third.text).toContain('The Northwind Recovery team');
    expect(third.text).not.toContain('The Acme Energy billing team');
    const thirdSms = sms(ctx('ThirdParty', 'sms', { touchNumber: 2, creditorName: 'Acme Energy Inc.' }));
    expect(thirdSms.body).toContain('Northwind Recovery');
    expect(thirdSms.body).toContain('Acme Energy Inc. account (original creditor)');
  });

  it("writes under the creditor's brand before the hand-off", () => {
    for (const stage of ['SoftReminder', 'Escalation'] as const) {
      const mail = email(ctx(stage, 'email'));
      expect(mail.subject).toContain('Acme Energy');
      expect(mail.text).toContain('The Acme Energy billing team');
      expect(sms(ctx(stage, 'sms')).body.startsWith('Acme Energy: ')).toBe(true);
    }
  });

  it('refuses a sender identity that does not match the stage', () => {
    expect(() => renderTouch(ctx('ThirdParty', 'email', { sender: CREDITOR }))).toThrow(/agency's identity/);
    expect(() => renderTouch(ctx('SoftReminder', 'sms', { sender: AGENCY }))).toThrow(/creditor's identity/);
  });

  it('HTML-escapes every interpolated value', () => {
    const hostile = '<script>alert("x")</script>';
    const mail = email(
      ctx('ThirdParty', 'email', {
        debtorFirstName: hostile,
        creditorName: `Acme & Sons <b>`,
        sender: { ...AGENCY, name: `O'Brien "Recovery"`, signOff: '<i>team</i>', supportPhone: '<800>' },
        balance: '<$1>',
      }),
    );
    expect(mail.html).not.toMatch(/<script|<b>|<i>|<800>|<\$1>/);
    expect(mail.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
    expect(mail.html).toContain('Acme &amp; Sons &lt;b&gt;');
    expect(mail.html).toContain('O&#39;Brien &quot;Recovery&quot;');
    expect(mail.html).toContain('&lt;i&gt;team&lt;/i&gt;');
    // The plain-text part and the subject are text, not HTML.
    expect(mail.text).toContain(`Hi ${hostile},`);
    expect(mail.subject).toBe('About your Acme & Sons <b> account');
  });

  it('escapes URLs in attributes and refuses non-http(s) links', () => {
    const mail = email(ctx('SoftReminder', 'email', { paymentUrl: 'https://pay.example.com/p?a=1&b="2"' }));
    expect(mail.html).toContain('href="https://pay.example.com/p?a=1&amp;b=%222%22"');
    expect(() => renderTouch(ctx('SoftReminder', 'email', { paymentUrl: 'javascript:alert(1)' }))).toThrow(/paymentUrl/);
    expect(() => renderTouch(ctx('SoftReminder', 'email', { optOut: { sms: 'x', emailUrl: 'not a url' } }))).toThrow(
      /optOut\.emailUrl/,
    );
  });

  it('keeps values on one line (no header or line injection)', () => {
    const mail = email(ctx('SoftReminder', 'email', { sender: { ...CREDITOR, name: 'Acme\r\nBcc: x@example.com' } }));
    expect(mail.subject).not.toMatch(/[\r\n]/);
    const text = sms(ctx('SoftReminder', 'sms', { debtorFirstName: 'Ana\n\nSTOP' })).body;
    expect(text).not.toMatch(/\n/);
  });

  it('greets without a name when there is none', () => {
    expect(email(ctx('SoftReminder', 'email', { debtorFirstName: '  ' })).text.startsWith('Hello,')).toBe(true);
    expect(sms(ctx('Escalation', 'sms', { debtorFirstName: '' })).body).toContain('Hello,');
  });

  it('rejects a bad touch number and missing required values', () => {
    expect(() => renderTouch(ctx('SoftReminder', 'sms', { touchNumber: 0 }))).toThrow(/touchNumber/);
    expect(() => renderTouch(ctx('SoftReminder', 'sms', { touchNumber: 1.5 }))).toThrow(/touchNumber/);
    expect(() => renderTouch(ctx('SoftReminder', 'sms', { balance: ' ' }))).toThrow(/balance is required/);
    expect(() => renderTouch(ctx('SoftReminder', 'sms', { optOut: { sms: '', emailUrl: 'https://x.example' } }))).toThrow(
      /optOut\.sms/,
    );
  });

  it('is deterministic', () => {
    for (const [stage, channel, n] of CASES) {
      expect(renderTouch(ctx(stage, channel, { touchNumber: n }))).toEqual(renderTouch(ctx(stage, channel, { touchNumber: n })));
    }
  });

  it(`keeps SMS bodies within ${SMS_MAX_LENGTH} characters for realistic values, opt-out and disclosure included`, () => {
    const name = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: fc.constantFrom(...'abcdefghij KLMNOP&') }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.integer({ min: 1, max: 5 }),
        name(30),
        name(30),
        fc.string({ maxLength: 20 }),
        fc.option(name(16), { nil: undefined }),
        fc.stringMatching(/^[a-z0-9]{1,26}$/),
        fc.stringMatching(/^\$[1-9]\d{0,2}(,\d{3}){0,2}\.\d{2}$/),
        (stage, touchNumber, senderName, creditorName, first, supportPhone, path, balance) => {
          const sender = { ...(stage === 'ThirdParty' ? AGENCY : CREDITOR), name: senderName, supportPhone };
          const message = sms(
            ctx(stage, 'sms', {
              touchNumber,
              sender,
              creditorName,
              debtorFirstName: first,
              balance,
              paymentUrl: `https://pay.example.com/${path}`,
            }),
          );
          expect(message.body.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
          expect(message.body.endsWith('Reply STOP to opt out.')).toBe(true);
          expect(message.body).toContain(`https://pay.example.com/${path} `);
          if (stage === 'ThirdParty') expect(message.body).toMatch(/from a debt collector/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves no raw markup characters (property)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(escapeHtml(value)).not.toMatch(/[<>"']/);
        const decoded = escapeHtml(value)
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(decoded).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });
});
