import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_KINDS, TEMPLATE_KINDS, type TemplateKind } from '../../shared/templates/kinds.ts';
import { formatMoney } from '../../shared/money.ts';
import { LOCALES, formattingLocale, resolveLocale } from '../../shared/templates/locale.ts';
import {
  creditorSender,
  escapeHtml,
  renderMessage,
  templateId,
  type MessageContext,
  type RenderedEmail,
  type RenderedSms,
} from '../../shared/templates/render.ts';
import { SAMPLE_AGENCY, SAMPLE_CREDITOR, sampleContext } from '../../shared/templates/sample.ts';
import type { TemplateOverrides } from '../../shared/templates/types.ts';

const CHANNELS = ['email', 'sms'] as const;

function ctx(kind: TemplateKind, channel: 'email' | 'sms', overrides: Partial<MessageContext> = {}): MessageContext {
  return { ...sampleContext({ kind, channel }), ...overrides };
}
const email = (c: MessageContext) => renderMessage({ ...c, channel: 'email' });
const sms = (c: MessageContext) => renderMessage({ ...c, channel: 'sms' });

/** Everything a debtor can read in a rendered message. */
function allText(message: RenderedEmail | RenderedSms): string {
  return message.channel === 'sms' ? message.body : `${message.subject}\n${message.text}\n${message.html}`;
}

const CASES = TEMPLATE_KINDS.flatMap((kind) => LOCALES.flatMap((locale) => CHANNELS.map((channel) => [kind, locale, channel] as const)));

const TIME_BARRED_EN =
  'The law limits how long you can be sued on a debt. Because of the age of your debt, Acme Energy cannot sue you for it.';

describe('renderMessage', () => {
  it.each(CASES)('renders %s in %s by %s', (kind, locale, channel) => {
    const message = renderMessage(sampleContext({ kind, locale, channel }));
    expect(message.channel).toBe(channel);
    expect(message.locale).toBe(locale);
    expect(message.template).toBe(templateId(kind, channel, locale));
    const content = allText(message);
    expect(content).toContain('Ana');
    if (kind === 'plan-reminder' || kind === 'plan-missed') expect(content).toContain('$250.00');
    // Neither the survey nor the notice after a cease talks about money.
    else if (kind !== 'survey' && kind !== 'cease-notice') expect(content).toContain('$1,234.50');
    if (PAYMENT_KINDS.includes(kind)) expect(content).toMatch(/https:\/\/pay\.(acme|northwind)\.example\/p\/7Q2X9K/);
    expect(content).not.toMatch(/\{\{|\}\}|\$\{|undefined|null|NaN|\[object/);
  });

  it('uses stable template ids with the locale', () => {
    expect(renderMessage(ctx('soft-reminder', 'email', { locale: 'es-US' })).template).toBe('soft-reminder.email.es.v1');
    expect(renderMessage(ctx('survey', 'sms')).template).toBe('survey.sms.en.v1');
  });

  it('picks the locale from the account language, English as the fallback', () => {
    for (const tag of ['es', 'es-US', 'ES-mx', 'es_US', 'es-419']) expect(resolveLocale(tag)).toBe('es');
    for (const tag of ['en', 'en-GB', 'fr', 'pt-BR', '', '  ', 'not a tag!', undefined]) expect(resolveLocale(tag)).toBe('en');
    expect(sms(ctx('soft-reminder', 'sms', { locale: 'es-MX' })).body).toContain('le recordamos');
    expect(sms(ctx('soft-reminder', 'sms', { locale: 'fr-FR' })).body).toContain('friendly reminder');
  });

  it('formats amounts and dates for the locale and currency', () => {
    expect(formattingLocale('es', 'USD')).toBe('es-US');
    expect(formattingLocale('es-MX', 'USD')).toBe('es-MX');
    expect(formattingLocale('fr', 'USD')).toBe('en-US');
    expect(formatMoney(123_450, 'USD', 'es-US')).toBe('$1,234.50');
    expect(formatMoney(123_450, 'EUR', 'es-ES')).toBe('1234,50\u00a0€');
    expect(formatMoney(1_234, 'JPY', 'en-US')).toBe('¥1,234');
    expect(formatMoney(5, 'usd', 'en-US')).toBe('$0.05');
    expect(sms(ctx('soft-reminder', 'sms', { locale: 'es-MX' })).body).toContain('USD 1,234.50');
    expect(sms(ctx('soft-reminder', 'sms', { locale: 'es-ES', currency: 'EUR' })).body).toContain('1234,50 €');
    const plan = email(ctx('plan-reminder', 'email', { locale: 'es' }));
    expect(plan.text).toContain('$250.00, vence el 1 de abril de 2026');
    expect(email(ctx('plan-reminder', 'email')).text).toContain('$250.00 on your Acme Energy payment plan is due on April 1, 2026');
  });

  describe('opt-out', () => {
    it.each(CASES)('is in every message: %s in %s by %s', (kind, locale, channel) => {
      const message = renderMessage(sampleContext({ kind, locale, channel }));
      if (message.channel === 'sms') {
        expect(message.body.endsWith(locale === 'es' ? 'Responda STOP para darse de baja.' : 'Reply STOP to opt out.')).toBe(true);
      } else {
        expect(message.html).toMatch(
          /<a href="mailto:reply\+t-7q2x9k@reply\.(acme|northwind)\.example\?subject=unsubscribe"[^>]*>[^<]+<\/a>/,
        );
        expect(message.text).toMatch(/reply\+t-7q2x9k@reply\.(acme|northwind)\.example [^\n]*"unsubscribe"/);
      }
    });

    it("uses the caller's SMS opt-out text and an https unsubscribe page", () => {
      expect(
        sms(ctx('escalation', 'sms', { optOut: { smsText: 'Reply STOP to opt out of texts.', emailUrl: 'https://x.example/u' } })).body,
      ).toMatch(/Reply STOP to opt out of texts\.$/);
      const mail = email(ctx('escalation', 'email', { optOut: { emailUrl: 'https://mail.example.com/unsubscribe?t=abc&x=1' } }));
      expect(mail.text).toContain('To stop emails from us, unsubscribe here: https://mail.example.com/unsubscribe?t=abc&x=1');
      expect(mail.html).toContain(
        '<a href="https://mail.example.com/unsubscribe?t=abc&amp;x=1" style="color:#52606d;">Unsubscribe from these emails</a>',
      );
    });
  });

  describe('debt-collector disclosure', () => {
    const FULL =
      /This is a communication from a debt collector\. This is an attempt to collect a debt, and any information obtained will be used for that purpose\./;

    it('is in every agency message: the full statement first, the short one after', () => {
      const first = email(ctx('third-party', 'email'));
      expect(first.text).toMatch(FULL);
      expect(first.html).toMatch(FULL);
      expect(sms(ctx('third-party', 'sms')).body).toContain(
        'This is from a debt collector attempting to collect a debt. Any information obtained will be used for that purpose.',
      );
      for (const channel of CHANNELS) {
        const later = renderMessage(sampleContext({ kind: 'third-party', channel, touchNumber: 2 }));
        expect(allText(later)).toContain('This is a communication from a debt collector.');
        expect(allText(later)).not.toMatch(/collect a debt/);
      }
      for (const kind of ['missed-promise', 'plan-reminder', 'final-notice', 'thank-you', 'survey'] as const) {
        for (const channel of CHANNELS) {
          const message = renderMessage(sampleContext({ kind, channel, sender: 'agency', touchNumber: 2 }));
          expect(allText(message)).toContain('This is a communication from a debt collector.');
        }
      }
      expect(
        sms({ ...sampleContext({ kind: 'final-notice', channel: 'sms', sender: 'agency' }), initialCommunication: true }).body,
      ).toMatch(/attempting to collect a debt/);
    });

    it('is in Spanish for Spanish messages', () => {
      expect(email(ctx('third-party', 'email', { locale: 'es' })).text).toContain(
        'Esta es una comunicación de un cobrador de deudas. Es un intento de cobrar una deuda, y cualquier información obtenida se usará con ese fin.',
      );
      expect(sms(ctx('third-party', 'sms', { locale: 'es', touchNumber: 3 })).body).toContain('Este mensaje es de un cobrador de deudas.');
    });

    it.each(CASES)('never appears in a creditor message: %s in %s by %s', (kind, locale, channel) => {
      if (kind === 'third-party') return;
      const message = renderMessage(sampleContext({ kind, locale, channel, sender: 'creditor', timeBarred: true }));
      expect(allText(message)).not.toMatch(/debt collector|collect a debt|cobrador de deudas|cobrar una deuda/i);
    });
  });

  describe('validation information', () => {
    it('goes in the agency’s first email, modelled on Model Form B-1', () => {
      const mail = email(ctx('third-party', 'email'));
      for (const part of [mail.text, mail.html.replace(/<[^>]+>/g, '')]) {
        expect(part).toContain(
          'Northwind Recovery is a debt collector. We are trying to collect a debt that you owe to Acme Energy. We will use any information you give us to help collect the debt.',
        );
        expect(part).toContain('As of January 31, 2026, you owed:');
        expect(part).toContain('$1,200.00');
        expect(part).toContain('You were charged this amount in interest:');
        expect(part).toContain('+ $24.50');
        expect(part).toContain('You were charged this amount in fees:');
        expect(part).toContain('+ $25.00');
        expect(part).toContain('You paid or were credited this amount toward the debt:');
        expect(part).toContain('– $15.00');
        expect(part).toContain('Total amount of the debt now:');
        expect(part).toContain('Call or write to us by April 15, 2026, to dispute all or part of the debt.');
        expect(part).toContain('Write to ask for the name and address of the original creditor, if different from the current creditor.');
        expect(part).toContain('We accept disputes electronically at https://northwind.example/dispute.');
        expect(part).toContain('Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.');
        expect(part).toContain('write to us at Northwind Recovery, PO Box 1200, Portland, OR 97201');
        expect(part).toContain('account number ****6789');
      }
      expect(mail.html).toContain('<a href="https://www.cfpb.gov/debt-collection"');
      expect(email(ctx('third-party', 'email', { touchNumber: 2, validation: undefined })).text).not.toContain(
        'Information about this debt',
      );
    });

    it('comes in Spanish and English in a Spanish email (Reg F 1006.34(e))', () => {
      const mail = email(ctx('third-party', 'email', { locale: 'es-US' }));
      expect(mail.text).toContain('Información sobre esta deuda');
      expect(mail.text).toContain('Northwind Recovery es un cobrador de deudas.');
      expect(mail.text).toContain('Al 31 de enero de 2026, usted debía: $1,200.00');
      expect(mail.text).toContain('Information about this debt');
      expect(mail.text.indexOf('Información sobre esta deuda')).toBeLessThan(mail.text.indexOf('Information about this debt'));
      expect(mail.html).toContain('<div lang="es"');
      expect(mail.html).toContain('<div lang="en"');
    });

    it('refuses what would make an untruthful or incomplete notice', () => {
      const base = ctx('third-party', 'email');
      const v = base.validation!;
      expect(() => renderMessage({ ...base, channel: 'sms' })).toThrow(/goes in an email/);
      expect(() => renderMessage({ ...base, validation: { ...v, feesMinor: 0 } })).toThrow(/do not add up/);
      expect(() => renderMessage({ ...base, validation: { ...v, interestMinor: -1 } })).toThrow(/interestMinor/);
      expect(() => renderMessage({ ...base, balanceMinor: 100 })).toThrow(/currentMinor must equal balanceMinor/);
      expect(() => renderMessage({ ...base, validation: { ...v, validationEndsOn: '2026-02-30' } })).toThrow(/validationEndsOn/);
      expect(() => renderMessage({ ...base, sender: { kind: 'agency', name: 'Northwind', email: 'a@b.example' } })).toThrow(
        /mailing address/,
      );
      expect(() =>
        renderMessage({
          ...base,
          validation: { ...v, disputeAddress: 'PO Box 9, Salem, OR 97301' },
          sender: { kind: 'agency', name: 'Northwind', email: 'a@b.example' },
        }),
      ).not.toThrow();
      expect(() => renderMessage({ ...ctx('final-notice', 'email'), validation: v })).toThrow(/agency/);
      expect(() => renderMessage({ ...sampleContext({ kind: 'thank-you', sender: 'agency' }), validation: v })).toThrow(/validationNotice/);
    });
  });

  describe('time-barred disclosure', () => {
    it('uses the model language wherever payment is asked', () => {
      for (const kind of PAYMENT_KINDS) {
        for (const channel of CHANNELS) {
          for (const sender of ['creditor', 'agency'] as const) {
            if (kind === 'soft-reminder' && sender === 'agency') continue;
            if (kind === 'escalation' && sender === 'agency') continue;
            if (kind === 'third-party' && sender === 'creditor') continue;
            const message = renderMessage(sampleContext({ kind, channel, sender, timeBarred: true }));
            expect(allText(message)).toContain(TIME_BARRED_EN);
            expect(allText(renderMessage(sampleContext({ kind, channel, sender, timeBarred: false })))).not.toMatch(/cannot sue|be sued/);
          }
        }
      }
      expect(sms(ctx('escalation', 'sms', { locale: 'es', timeBarred: true })).body).toContain(
        'La ley limita el plazo en que se le puede demandar por una deuda. Por la antigüedad de su deuda, Acme Energy no puede demandarle por ella.',
      );
    });

    it('is left out of messages that ask for nothing', () => {
      for (const kind of ['thank-you', 'survey'] as const) {
        for (const channel of CHANNELS)
          expect(allText(renderMessage(ctx(kind, channel, { timeBarred: true })))).not.toMatch(/cannot sue|be sued/);
      }
    });
  });

  describe('brand and identity', () => {
    it("writes first-party messages under the creditor's brand", () => {
      const mail = email(ctx('soft-reminder', 'email'));
      expect(mail.subject).toBe('A friendly reminder about your Acme Energy account');
      expect(mail.html).toContain('<img src="https://acme.example/brand/logo.png" alt="Acme Energy"');
      expect(mail.html).toContain('background:#0b6e4f;color:#ffffff');
      expect(mail.text).toContain('The Acme Energy billing team');
      expect(mail.text).toContain('call (800) 555-0100');
      expect(mail.text).toContain('Sent by Acme Energy\n100 Main Street\nSpringfield, IL 62701');
      expect(mail.from).toEqual({ name: 'Acme Energy Billing', address: 'billing@acme.example' });
      expect(email(ctx('soft-reminder', 'email', { locale: 'es' })).text).toContain('El equipo de facturación de Acme Energy');
      expect(sms(ctx('escalation', 'sms')).body.startsWith('Acme Energy: Hi Ana,')).toBe(true);
    });

    it('writes after a hand-off as the agency alone, naming the creditor as the original creditor', () => {
      for (const locale of LOCALES) {
        const mail = email(ctx('third-party', 'email', { locale }));
        expect(mail.from).toEqual({ name: 'Northwind Recovery', address: 'help@northwind.example' });
        expect(mail.html).not.toContain('acme.example/brand/logo.png');
        expect(mail.html).not.toContain('#0b6e4f');
        expect(mail.text).not.toMatch(/Acme Energy billing team|facturación de Acme|555-0100|Springfield/);
        expect(mail.html).toContain('>Northwind Recovery</p>');
      }
      expect(email(ctx('third-party', 'email')).text).toContain('Acme Energy, the original creditor');
      expect(email(ctx('third-party', 'email', { locale: 'es' })).text).toContain('Acme Energy, el acreedor original');
      expect(sms(ctx('third-party', 'sms')).body).toContain('Northwind Recovery about your Acme Energy account (original creditor)');
      expect(email(ctx('third-party', 'email')).text).toContain('The Northwind Recovery team');
    });

    it('refuses a sender identity the kind does not allow', () => {
      expect(() => renderMessage(ctx('third-party', 'email', { sender: SAMPLE_CREDITOR }))).toThrow(/agency's identity/);
      expect(() => renderMessage(ctx('soft-reminder', 'sms', { sender: SAMPLE_AGENCY }))).toThrow(/creditor's identity/);
      expect(() => renderMessage(ctx('escalation', 'sms', { sender: SAMPLE_AGENCY }))).toThrow(/creditor's identity/);
    });

    it('maps a creditor profile to its sender identity', () => {
      const sender = creditorSender({
        brand: {
          name: 'Acme',
          senderName: 'Acme Billing',
          senderEmail: 'billing@acme.test',
          supportPhone: '(800) 555-0111',
          paymentUrl: 'https://pay.acme.test/',
          signOff: 'Thanks, Acme',
        },
      });
      expect(sender).toEqual({
        kind: 'creditor',
        name: 'Acme',
        senderName: 'Acme Billing',
        senderEmail: 'billing@acme.test',
        supportPhone: '(800) 555-0111',
        signOff: 'Thanks, Acme',
      });
    });

    it('refuses brand values that could inject markup or CSS', () => {
      expect(() =>
        email(ctx('soft-reminder', 'email', { sender: { ...SAMPLE_CREDITOR, colors: { primary: 'red;background:url(x)' } } })),
      ).toThrow(/sender\.colors\.primary must be a hex colour/);
      expect(() =>
        email(ctx('soft-reminder', 'email', { sender: { ...SAMPLE_CREDITOR, logoUrl: 'http://acme.example/logo.png' } })),
      ).toThrow(/sender\.logoUrl/);
      // A pale brand colour gets dark button text.
      expect(email(ctx('soft-reminder', 'email', { sender: { ...SAMPLE_CREDITOR, colors: { primary: '#ffd166' } } })).html).toContain(
        'background:#ffd166;color:#1f2933',
      );
    });
  });

  describe('escaping', () => {
    it('HTML-escapes every interpolated value', () => {
      const hostile = '<script>alert("x")</script>';
      const mail = email(
        ctx('third-party', 'email', {
          debtorFirstName: hostile,
          creditorName: 'Acme & Sons <b>',
          sender: { ...SAMPLE_AGENCY, name: `O'Brien "Recovery"`, phone: '<800>', address: '<i>PO Box</i>' },
        }),
      );
      expect(mail.html).not.toMatch(/<script|<b>|<i>|<800>/);
      expect(mail.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
      expect(mail.html).toContain('Acme &amp; Sons &lt;b&gt;');
      expect(mail.html).toContain('O&#39;Brien &quot;Recovery&quot;');
      // The plain-text part and the subject are text, not HTML.
      expect(mail.text).toContain(`Hi ${hostile},`);
      expect(mail.subject).toBe('About your Acme & Sons <b> account');
    });

    it('leaves no markup from any value (property)', () => {
      fc.assert(
        fc.property(fc.string(), fc.string({ minLength: 1 }), fc.constantFrom(...TEMPLATE_KINDS), (name, creditor, kind) => {
          fc.pre(creditor.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '') !== '');
          const message = renderMessage({ ...sampleContext({ kind }), debtorFirstName: name, creditorName: creditor, channel: 'email' });
          const injected = `${name}${creditor}`;
          if (/[<>"']/.test(injected)) {
            const body = message.html.replace(
              /<!doctype html>|<\/?(html|head|meta|title|body|div|p|a|img|strong|ul|li|table|tr|td|br)\b[^<>]*>/g,
              '',
            );
            expect(body).not.toMatch(/[<>]/);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('escapes URLs in attributes and refuses links that are not http(s)', () => {
      const mail = email(ctx('soft-reminder', 'email', { paymentUrl: 'https://pay.example.com/p?a=1&b="2"' }));
      expect(mail.html).toContain('href="https://pay.example.com/p?a=1&amp;b=%222%22"');
      expect(() => email(ctx('soft-reminder', 'email', { paymentUrl: 'javascript:alert(1)' }))).toThrow(/paymentUrl/);
      expect(() => email(ctx('soft-reminder', 'email', { optOut: { emailUrl: 'not a url' } }))).toThrow(/optOut\.emailUrl/);
      expect(() => email(ctx('soft-reminder', 'email', { optOut: { emailUrl: 'javascript:alert(1)' } }))).toThrow(/optOut\.emailUrl/);
    });

    it('keeps values on one line (no header or line injection)', () => {
      const mail = email(ctx('soft-reminder', 'email', { sender: { ...SAMPLE_CREDITOR, name: 'Acme\r\nBcc: x@example.com' } }));
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(sms(ctx('soft-reminder', 'sms', { debtorFirstName: 'Ana\n\nSTOP' })).body).not.toMatch(/\n/);
    });
  });

  it('greets without a name when there is none', () => {
    expect(email(ctx('soft-reminder', 'email', { debtorFirstName: '  ' })).text.startsWith('Hello,')).toBe(true);
    expect(email(ctx('soft-reminder', 'email', { debtorFirstName: '', locale: 'es' })).text.startsWith('Hola:')).toBe(true);
    expect(sms(ctx('escalation', 'sms', { debtorFirstName: '' })).body).toContain('Hello,');
  });

  it('rejects a bad touch number and missing required values', () => {
    expect(() => sms(ctx('soft-reminder', 'sms', { touchNumber: 0 }))).toThrow(/touchNumber/);
    expect(() => sms(ctx('soft-reminder', 'sms', { touchNumber: 1.5 }))).toThrow(/touchNumber/);
    expect(() => sms(ctx('soft-reminder', 'sms', { balanceMinor: 12.5 }))).toThrow(/balanceMinor/);
    expect(() => sms(ctx('soft-reminder', 'sms', { currency: 'dollars' }))).toThrow(/currency/);
    expect(() => sms(ctx('soft-reminder', 'sms', { creditorName: ' ' }))).toThrow(/creditorName is required/);
    expect(() => sms(ctx('soft-reminder', 'sms', { optOut: { smsText: ' ', emailUrl: 'https://x.example' } }))).toThrow(/optOut\.smsText/);
    expect(() => sms({ ...ctx('plan-reminder', 'sms'), plan: undefined })).toThrow(/plan is required/);
  });

  it('is deterministic', () => {
    for (const [kind, locale, channel] of CASES) {
      expect(renderMessage(sampleContext({ kind, locale, channel }))).toEqual(renderMessage(sampleContext({ kind, locale, channel })));
    }
  });

  it('reports the SMS size', () => {
    const message = sms(ctx('soft-reminder', 'sms'));
    expect(message.size).toEqual({ encoding: 'GSM-7', units: message.body.length, segments: 2, nonGsmCharacters: [] });
  });
});

describe("a creditor's own templates", () => {
  const overrides: TemplateOverrides = {
    'soft-reminder': {
      en: {
        email: {
          subject: 'Hello from {{senderName}}',
          text: '{{greeting}}\n\nYour balance is {{balance}}.\n\n[Pay now]({{paymentUrl}})\n\n{{signOff}}\n\n{{timeBarredDisclosure}}\n\n{{optOut}}',
          html: '<h1>{{greeting}}</h1><p>Balance: <b>{{balance}}</b> <a href="{{paymentUrl}}">Pay</a></p>{{timeBarredDisclosure}}{{optOut}}',
        },
        sms: { body: '{{senderName}}: balance {{balance}}. Pay: {{paymentUrl}} {{timeBarredDisclosure}} {{optOut}}' },
      },
    },
    'final-notice': {
      en: {
        sms: { body: '{{senderName}}: we can still help. {{paymentUrl}} {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}' },
      },
    },
  };

  it('replace ours for the creditor, with their own template id', () => {
    const mail = email(ctx('soft-reminder', 'email', { overrides, debtorFirstName: '<Ana>' }));
    expect(mail.subject).toBe('Hello from Acme Energy');
    expect(mail.template).toMatch(/^soft-reminder\.email\.en\.creditor-[0-9a-f]{8}$/);
    expect(mail.html).toContain(
      '<h1>Hi &lt;Ana&gt;,</h1><p>Balance: <b>$1,234.50</b> <a href="https://pay.acme.example/p/7Q2X9K">Pay</a></p>',
    );
    expect(mail.html).toContain('Unsubscribe from these emails');
    expect(mail.text).toContain('Pay now: https://pay.acme.example/p/7Q2X9K');
    const text = sms(ctx('soft-reminder', 'sms', { overrides, timeBarred: true }));
    expect(text.body).toBe(
      `Acme Energy: balance $1,234.50. Pay: https://pay.acme.example/p/7Q2X9K ${TIME_BARRED_EN} Reply STOP to opt out.`,
    );
    expect(text.template).toMatch(/^soft-reminder\.sms\.en\.creditor-[0-9a-f]{8}$/);
  });

  it('fall back to ours for what they leave out, and never apply to the agency', () => {
    expect(email(ctx('soft-reminder', 'email', { overrides, locale: 'es' })).template).toBe('soft-reminder.email.es.v1');
    expect(email(ctx('final-notice', 'email', { overrides })).template).toBe('final-notice.email.en.v1');
    expect(sms(ctx('final-notice', 'sms', { overrides })).template).toMatch(/creditor-/);
    expect(sms({ ...sampleContext({ kind: 'final-notice', channel: 'sms', sender: 'agency' }), overrides }).template).toBe(
      'final-notice.sms.en.v1',
    );
  });

  it('are refused at render time when they break a rule', () => {
    const broken = {
      'soft-reminder': { en: { sms: { body: '{{senderName}}: pay now, deadbeat {{paymentUrl}} {{timeBarredDisclosure}}' } } },
    };
    expect(() => sms(ctx('soft-reminder', 'sms', { overrides: broken }))).toThrow(
      /cannot be used: .*"\{\{optOut\}\}" is missing.*"deadbeat"/,
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
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
