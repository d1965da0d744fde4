import { describe, expect, it } from 'vitest';
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { TEMPLATE_KINDS } from '../../shared/templates/kinds.ts';
import {
  DEFAULT_SMS_MAX_SEGMENTS,
  lintBuiltInTemplates,
  lintTemplate,
  lintValidationNotice,
  validateTemplateOverrides,
} from '../../shared/templates/lint.ts';
import { LOCALES } from '../../shared/templates/locale.ts';
import { templateOverridesSchema } from '../../shared/templates/overrides.ts';
import { renderMessage, type RenderedSms } from '../../shared/templates/render.ts';
import { sampleContext } from '../../shared/templates/sample.ts';
import { smsSize } from '../../shared/templates/sms.ts';
import { toneFindings } from '../../shared/templates/tone.ts';
import tone from '../../shared/templates/data/tone.json' with { type: 'json' };
import type { LintProblem } from '../../shared/templates/types.ts';

const GOOD_SMS = '{{senderName}}: {{greeting}} your balance is {{balance}}. Pay at {{paymentUrl}} {{timeBarredDisclosure}} {{optOut}}';
const GOOD_EMAIL = {
  subject: 'About your {{senderName}} account',
  text: '{{greeting}}\n\nYour balance is {{balance}}.\n\n[Pay now]({{paymentUrl}})\n\n{{signOff}}\n\n{{timeBarredDisclosure}}\n\n{{optOut}}',
};

const sms = (body: string, kind: (typeof TEMPLATE_KINDS)[number] = 'soft-reminder', locale: 'en' | 'es' = 'en') =>
  lintTemplate(kind, locale, 'sms', { body }, 'creditor');
const rules = (problems: LintProblem[]) => problems.map((p) => p.rule);

describe('the built-in templates', () => {
  it('all pass the linter: every kind × locale × channel', () => {
    const problems = lintBuiltInTemplates();
    expect(problems.map((p) => p.message)).toEqual([]);
  });

  it('stay within the SMS segment limit in their longest form, and Spanish ones stay in GSM-7', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const locale of LOCALES) {
        for (const sender of ['creditor', 'agency'] as const) {
          for (const touchNumber of [1, 2]) {
            let message: RenderedSms;
            try {
              message = renderMessage({
                ...sampleContext({ kind, locale, channel: 'sms', sender, touchNumber, timeBarred: true }),
                channel: 'sms',
              });
            } catch (e) {
              expect(String(e)).toMatch(/identity/);
              continue;
            }
            expect(message.size.encoding).toBe('GSM-7');
            expect(message.size.segments).toBeLessThanOrEqual(DEFAULT_SMS_MAX_SEGMENTS);
          }
        }
      }
    }
  });
});

describe('lintTemplate', () => {
  it('accepts a good creditor template', () => {
    expect(sms(GOOD_SMS)).toEqual([]);
    expect(lintTemplate('soft-reminder', 'en', 'email', GOOD_EMAIL, 'creditor')).toEqual([]);
  });

  it('rejects a missing opt-out or disclosure, quoting the placeholder', () => {
    const problems = sms('{{senderName}}: pay at {{paymentUrl}}');
    expect(problems).toContainEqual(
      expect.objectContaining({ rule: 'missing-disclosure', quote: '{{optOut}}', template: 'soft-reminder.sms.en', part: 'body' }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'missing-disclosure', quote: '{{timeBarredDisclosure}}' }));
    const email = lintTemplate(
      'soft-reminder',
      'en',
      'email',
      { ...GOOD_EMAIL, html: '<p>{{balance}} <a href="{{paymentUrl}}">Pay</a> {{timeBarredDisclosure}}</p>' },
      'creditor',
    );
    expect(email).toEqual([expect.objectContaining({ rule: 'missing-disclosure', part: 'html', quote: '{{optOut}}' })]);
    // Our own templates for kinds the agency may send also need its disclosures.
    const builtin = lintTemplate('final-notice', 'en', 'email', GOOD_EMAIL, 'builtin');
    expect(builtin.map((p) => p.quote)).toEqual(['{{debtCollectorDisclosure}}', '{{validationNotice}}']);
    expect(lintTemplate('final-notice', 'en', 'email', GOOD_EMAIL, 'creditor')).toEqual([]);
    expect(lintTemplate('survey', 'en', 'sms', { body: '{{senderName}}: how did we do? Reply 1 to 5.' }, 'creditor')).toEqual([
      expect.objectContaining({ rule: 'missing-disclosure', quote: '{{optOut}}' }),
    ]);
  });

  it('rejects a message without a payment link or an SMS that does not name its sender', () => {
    expect(sms('Hi, your balance is {{balance}}. {{timeBarredDisclosure}} {{optOut}}').map((p) => [p.rule, p.quote])).toEqual([
      ['missing-placeholder', '{{paymentUrl}}'],
      ['missing-placeholder', '{{senderName}}'],
    ]);
  });

  it('rejects accusatory and threatening language, quoting it as written, in English and Spanish', () => {
    const problems = sms(`${GOOD_SMS} Your account is DELINQUENT. Failure to pay may lead to legal action or a Lawsuit.`);
    expect(problems.filter((p) => p.rule === 'accusatory-language').map((p) => p.quote)).toEqual([
      'DELINQUENT',
      'Failure to pay',
      'legal action',
      'Lawsuit',
    ]);
    expect(problems.find((p) => p.quote === 'Failure to pay')?.message).toContain('"Failure to pay" is accusatory or threatening');
    const es = sms(
      `${GOOD_SMS} Su cuenta está en MOROSIDAD y podemos EMBARGAR su salario o llevarlo a juicio. Prision.`,
      'soft-reminder',
      'es',
    );
    expect(es.filter((p) => p.rule === 'accusatory-language').map((p) => p.quote)).toEqual(['MOROSIDAD', 'juicio', 'EMBARGAR', 'Prision']);
    expect(rules(sms(`${GOOD_SMS} Deadbeats get garnished.`))).toEqual(['accusatory-language', 'accusatory-language']);
    // Whole words only: "issue", "courteous" and "Demandaremos"-free text pass.
    expect(sms(`${GOOD_SMS} Any issue? Our courteous team can help.`)).toEqual([]);
  });

  it('rejects shouting but not the STOP keyword', () => {
    const problems = sms(`${GOOD_SMS} PAY NOW!!! Reply STOP or HELP.`);
    expect(problems.map((p) => [p.rule, p.quote])).toEqual([['shouting', '!!!']]);
    expect(sms(`${GOOD_SMS} PLEASE pay TODAY.`).map((p) => p.quote)).toEqual(['PLEASE', 'TODAY']);
  });

  it('rejects unknown, malformed and misplaced placeholders', () => {
    expect(sms(`${GOOD_SMS} {{balanse}}`)).toEqual([expect.objectContaining({ rule: 'unknown-placeholder', quote: '{{balanse}}' })]);
    expect(sms(`${GOOD_SMS} {{installmentAmount}}`)).toEqual([
      expect.objectContaining({ rule: 'misplaced-placeholder', quote: '{{installmentAmount}}' }),
    ]);
    expect(sms(`${GOOD_SMS} {{installmentAmount}} {{installmentDueDate}}`, 'plan-reminder')).toEqual([]);
    expect(rules(sms(`${GOOD_SMS} Hi {firstName}`))).toEqual(['malformed-placeholder']);
    expect(sms(`${GOOD_SMS} Hi {{ firstName }`)[0]).toMatchObject({
      rule: 'malformed-placeholder',
      quote: expect.stringContaining('{{ firstName }'),
    });
    expect(sms(`${GOOD_SMS} {{validationNotice}}`)).toEqual([
      expect.objectContaining({ rule: 'misplaced-placeholder', quote: '{{validationNotice}}' }),
    ]);
    const subject = lintTemplate('soft-reminder', 'en', 'email', { ...GOOD_EMAIL, subject: 'Hi {{optOut}}' }, 'creditor');
    expect(subject).toEqual([expect.objectContaining({ rule: 'misplaced-placeholder', part: 'subject', quote: '{{optOut}}' })]);
    const inline = lintTemplate('third-party', 'en', 'email', {
      subject: 'x',
      text: '{{greeting}} {{paymentUrl}} {{debtCollectorDisclosure}} {{timeBarredDisclosure}} See {{validationNotice}}\n\n{{optOut}}',
    });
    expect(inline).toEqual([
      expect.objectContaining({ rule: 'misplaced-placeholder', quote: expect.stringContaining('{{validationNotice}}') }),
    ]);
  });

  it('rejects links to anything but a URL placeholder or an https URL', () => {
    expect(sms(`${GOOD_SMS} [Help](https://acme.example/help)`)).toEqual([]);
    expect(sms(`${GOOD_SMS} [Hi]({{firstName}})`)).toEqual([
      expect.objectContaining({ rule: 'invalid-link', quote: '[Hi]({{firstName}})' }),
    ]);
  });

  it('rejects unsafe HTML in an HTML part', () => {
    const html =
      '<p onclick="steal()">{{greeting}}</p><script>alert(1)</script><a href="javascript:void(0)">x</a><a href="{{paymentUrl}}">Pay</a>{{timeBarredDisclosure}}{{optOut}}';
    const problems = lintTemplate('soft-reminder', 'en', 'email', { ...GOOD_EMAIL, html }, 'creditor');
    expect(problems.map((p) => [p.rule, p.quote])).toEqual([
      ['unsafe-html', 'onclick="steal()"'],
      ['unsafe-html', '<script>'],
      ['invalid-link', 'href="javascript:void(0)"'],
    ]);
  });

  it('rejects an SMS over the segment limit, counting GSM-7 and UCS-2 correctly', () => {
    const filler = 'We are here to help you with your account whenever you are ready to talk. ';
    const long = sms(`${GOOD_SMS} ${filler.repeat(4)}`);
    expect(long).toEqual([expect.objectContaining({ rule: 'sms-too-long', part: 'body' })]);
    expect(long[0]!.message).toMatch(/takes 4 segments \(GSM-7: \d+ septets\).*the limit is 3/);
    expect(long[0]!.quote).toContain('Acme Energy: Hi Ana, your balance is $1,234.50.');
    expect(sms(`${GOOD_SMS} ${filler.repeat(4)}`, 'soft-reminder', 'en').length).toBe(1);
    expect(
      lintTemplate('soft-reminder', 'en', 'sms', { body: `${GOOD_SMS} ${filler.repeat(4)}` }, 'creditor', { smsMaxSegments: 4 }),
    ).toEqual([]);
    // One "á" turns the whole text into UCS-2: 67 units a segment instead of 153.
    const body = `${GOOD_SMS} Gracias.`;
    expect(sms(body)).toEqual([]);
    const wide = sms(`${body} Está bien.`);
    expect(wide).toEqual([expect.objectContaining({ rule: 'sms-too-long' })]);
    expect(wide[0]!.message).toContain('UCS-2, because of "á"');
    const rendered = renderMessage({
      ...sampleContext({ kind: 'soft-reminder', channel: 'sms', timeBarred: true }),
      overrides: { 'soft-reminder': { en: { sms: { body: `${body} Está bien.` } } } },
    });
    expect(rendered.channel === 'sms' && smsSize(rendered.body).segments).toBeGreaterThan(3);
  });
});

describe('validateTemplateOverrides', () => {
  const good = {
    'soft-reminder': { en: { sms: { body: GOOD_SMS }, email: GOOD_EMAIL }, es: { sms: { body: GOOD_SMS } } },
    survey: { en: { sms: { body: '{{senderName}}: how did we do? Reply with a number from 1 to 5. {{optOut}}' } } },
  };

  it('accepts good overrides', () => {
    expect(validateTemplateOverrides(good)).toEqual({ ok: true });
    expect(validateTemplateOverrides({})).toEqual({ ok: true });
  });

  it('reports every lint problem', () => {
    const result = validateTemplateOverrides({ 'soft-reminder': { en: { sms: { body: 'Pay up, deadbeat: {{paymentUrl}}' } } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.rule, p.quote])).toEqual([
      ['missing-disclosure', '{{optOut}}'],
      ['missing-disclosure', '{{timeBarredDisclosure}}'],
      ['missing-placeholder', '{{senderName}}'],
      ['accusatory-language', 'deadbeat'],
    ]);
  });

  it('rejects what is not in the override format', () => {
    const result = validateTemplateOverrides({
      'third-party': { en: { sms: { body: GOOD_SMS } } },
      'soft-reminder': { fr: { sms: { body: GOOD_SMS } }, en: { sms: { text: 'x' } } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.every((p) => p.rule === 'invalid-format')).toBe(true);
    const messages = result.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/third-party/);
    expect(messages).toMatch(/fr/);
    expect(messages).toMatch(/soft-reminder\.en\.sms/);
    expect(validateTemplateOverrides('nope').ok).toBe(false);
  });

  it('uses the creditor profile for sample names when given one', () => {
    const profile = parseCreditorProfile({
      creditorId: 'a-very-long-name',
      brand: {
        name: 'The Extraordinarily Long Regional Electric And Water Utility Company Of The Tri-County Area',
        senderName: 'Billing',
        senderEmail: 'billing@utility.example',
        paymentUrl: 'https://pay.utility.example/p',
        signOff: 'Billing',
      },
    });
    const overrides = {
      'soft-reminder': {
        en: {
          sms: {
            body: `${GOOD_SMS} We are here to help with your account, whenever suits you. Just reply to this text and we will work it out.`,
          },
        },
      },
    };
    expect(validateTemplateOverrides(overrides)).toEqual({ ok: true });
    expect(validateTemplateOverrides(overrides, { profile })).toMatchObject({ ok: false, problems: [{ rule: 'sms-too-long' }] });
  });
});

describe('templateOverridesSchema', () => {
  it('plugs into a profile schema: shape and lint problems become issues at the template part', () => {
    expect(templateOverridesSchema.parse({ 'soft-reminder': { en: { sms: { body: GOOD_SMS } } } })).toEqual({
      'soft-reminder': { en: { sms: { body: GOOD_SMS } } },
    });
    const bad = templateOverridesSchema.safeParse({
      escalation: { es: { email: { ...GOOD_EMAIL, text: GOOD_EMAIL.text.replace('{{optOut}}', '') } } },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues).toEqual([
      expect.objectContaining({ path: ['escalation', 'es', 'email', 'text'], message: expect.stringContaining('"{{optOut}}" is missing') }),
    ]);
    expect(templateOverridesSchema.safeParse({ 'third-party': {} }).success).toBe(false);
  });
});

describe('the word list', () => {
  it('is data, in English and Spanish, with the terms the issue names', () => {
    const terms = tone.accusatory;
    for (const term of ['delinquen*', 'failure to pay', 'legal action', 'lawsuit*', 'garnish*', 'arrest*', 'deadbeat*'])
      expect(terms.en).toContain(term);
    for (const term of ['moros*', 'falta de pago', 'acción legal', 'demand*', 'embarg*', 'arrest*']) expect(terms.es).toContain(term);
  });

  it('matches whole words, ignoring case and accents', () => {
    expect(toneFindings('Acción Legal').map((f) => f.quote)).toEqual(['Acción Legal']);
    expect(toneFindings('accion legal').map((f) => f.quote)).toEqual(['accion legal']);
    expect(toneFindings('non-payment and non payment').map((f) => f.quote)).toEqual(['non-payment', 'non payment']);
    expect(toneFindings('tissue, pursue, issued')).toEqual([]);
  });
});

describe('lintValidationNotice', () => {
  const notice = {
    itemizationDate: '2026-01-31',
    amountOnItemizationMinor: 120_000,
    interestMinor: 2_450,
    feesMinor: 2_500,
    paymentsMinor: 1_000,
    creditsMinor: 500,
    currentMinor: 123_450,
    validationEndsOn: '2026-04-15',
  };

  it('passes a notice whose itemization adds up to the current amount', () => {
    expect(lintValidationNotice(notice)).toEqual([]);
  });

  it('fails one that does not, naming no figure', () => {
    const problems = lintValidationNotice({ ...notice, feesMinor: 2_501 });
    expect(problems).toEqual([expect.objectContaining({ rule: 'itemization-does-not-add-up', template: 'validation-notice' })]);
    expect(JSON.stringify(problems)).not.toMatch(/2501|1,?234/);
  });
});
