// A creditor's own HTML (issue #15 finding 8): the linter refuses each attack with its reason, and the renderer
// sanitizes whatever it is given, so no event handler, script URL or off-site link reaches a debtor and the opt-out
// always does.
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { creditorProfileSchema, parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { lintTemplate } from '../../shared/templates/lint.ts';
import { renderMessage, renderTemplate, type RenderedEmail } from '../../shared/templates/render.ts';
import { SAMPLE_PAYMENT_URL, sampleContext, type SampleProfile } from '../../shared/templates/sample.ts';
import { placeholders } from '../../shared/templates/syntax.ts';
import type { EmailTemplate, LintProblem } from '../../shared/templates/types.ts';

const TEXT =
  '{{greeting}}\n\nYour balance is {{balance}}.\n\n[Pay now]({{paymentUrl}})\n\n{{signOff}}\n\n{{timeBarredDisclosure}}\n\n{{optOut}}';
const html = (body: string) =>
  `<h1>{{greeting}}</h1><p>Your balance is <b>{{balance}}</b>. <a href="{{paymentUrl}}">Pay now</a></p>${body}<p>{{timeBarredDisclosure}}</p><p>{{optOut}}</p>`;
const email = (body: string, part: Partial<EmailTemplate> = {}): EmailTemplate => ({
  subject: 'Your balance',
  text: TEXT,
  html: html(body),
  ...part,
});

const lint = (template: EmailTemplate, profile?: SampleProfile) =>
  lintTemplate('soft-reminder', 'en', 'email', template, 'creditor', profile === undefined ? {} : { profile });
const found = (problems: LintProblem[]) => problems.map((p) => [p.rule, p.quote]);

const OPT_OUT_HREF = 'mailto:reply+t-7q2x9k@reply.acme.example?subject=unsubscribe';

/** Every event-handler attribute and every URL-valued attribute in a document, read by a browser-like parser. */
function markupOf(document: string): { handlers: string[]; urls: string[]; links: string[] } {
  const elements = [...parseHTML(document).document.querySelectorAll('*')];
  const attributes = elements.flatMap((e) =>
    [...e.attributes].map((a) => ({ tag: e.tagName.toLowerCase(), name: a.name.toLowerCase(), value: a.value })),
  );
  return {
    handlers: attributes.filter((a) => a.name.startsWith('on')).map((a) => `${a.tag} ${a.name}`),
    urls: attributes
      .filter((a) => ['href', 'src', 'action', 'formaction', 'background', 'xlink:href'].includes(a.name))
      .map((a) => a.value),
    links: attributes.filter((a) => a.tag === 'a' && a.name === 'href').map((a) => a.value),
  };
}

/** A URL the sample creditor's email may carry: its own https pages (payment link and logo included) or our opt-out. */
function allowedInSample(url: string): boolean {
  if (url === OPT_OUT_HREF) return true;
  const parsed = URL.parse(url);
  return parsed?.protocol === 'https:' && (parsed.hostname === 'acme.example' || parsed.hostname.endsWith('.acme.example'));
}

const sample = () => sampleContext({ kind: 'soft-reminder', channel: 'email', timeBarred: true });
const rendered = (template: EmailTemplate) => renderTemplate(sample(), template, 'test') as RenderedEmail;

describe("a creditor's HTML: the linter", () => {
  it('accepts the allowed elements, links to the payment page and to its own domains', () => {
    const own =
      '<ul><li><a href="https://www.acme.example/help">Help</a></li><li><a href="mailto:help@acme.example?subject=Plan">Write</a></li></ul><p><em>Thanks</em><br><span>!</span></p>';
    expect(lint(email(own))).toEqual([]);
  });

  it('refuses <img/src=x/onerror=…>: an element outside the allowlist, and an event handler', () => {
    expect(found(lint(email('<img/src=x/onerror=alert(1)>')))).toContainEqual(['unsafe-html', '<img>']);
    const problems = lint(email('<img src=x onerror=alert(document.cookie)>'));
    expect(problems).toContainEqual(
      expect.objectContaining({
        rule: 'unsafe-html',
        part: 'html',
        quote: 'onerror="alert(document.cookie)"',
        message: expect.stringContaining('is an event handler'),
      }),
    );
    expect(found(lint(email('<p onmouseover="x()">Hi</p>')))).toEqual([['unsafe-html', 'onmouseover="x()"']]);
  });

  it('refuses a jav&#x61;script: link, read with its entities decoded (and other script URLs)', () => {
    const problems = lint(email('<a href="jav&#x61;script:alert(1)">Pay</a>'));
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'invalid-link',
        quote: 'href="javascript:alert(1)"',
        message: expect.stringContaining('javascript: links are not allowed'),
      }),
    ]);
    expect(found(lint(email('<a href="java&#10;script:alert(1)">x</a><a href="data:text/html,<script>x</script>">y</a>')))).toEqual([
      ['invalid-link', 'href="java\nscript:alert(1)"'],
      ['invalid-link', 'href="data:text/html,<script>x</script>"'],
    ]);
  });

  it('refuses an opt-out hidden by display:none, and one the sanitized HTML no longer shows', () => {
    const hiddenByStyle = lint({ ...email(''), html: html('').replace('<p>{{optOut}}</p>', '<div style="display:none">{{optOut}}</div>') });
    expect(hiddenByStyle).toContainEqual(
      expect.objectContaining({
        rule: 'unsafe-html',
        quote: 'style="display:none"',
        message: expect.stringContaining('a style can hide text'),
      }),
    );
    for (const hide of ['<!-- {{optOut}} -->', '<style>{{optOut}}</style>', '<title>{{optOut}}</title>', '<a title="{{optOut}}">x</a>']) {
      const problems = lint({ ...email(''), html: html('').replace('<p>{{optOut}}</p>', hide) });
      expect(problems, hide).toContainEqual(
        expect.objectContaining({
          rule: 'hidden-disclosure',
          part: 'html',
          quote: '{{optOut}}',
          message: expect.stringContaining('does not show in the message'),
        }),
      );
    }
    const disclosure = lint({ ...email(''), html: html('').replace('<p>{{timeBarredDisclosure}}</p>', '<!--{{timeBarredDisclosure}}-->') });
    expect(found(disclosure)).toEqual([['hidden-disclosure', '{{timeBarredDisclosure}}']]);
  });

  it('reads the text as a debtor does: "co&#117;rt" and "g&#97;rnish" are threats', () => {
    const problems = lint(email('<p>We may take you to co&#117;rt and g&#97;rnish your wages.</p>'));
    expect(found(problems)).toEqual([
      ['accusatory-language', 'court'],
      ['accusatory-language', 'garnish'],
    ]);
    expect(found(lint(email('<p>co<b></b>urt, co&shy;urt, <style>court</style></p>')))).toEqual([
      ['unsafe-html', '<style>'],
      ['accusatory-language', 'court'],
      ['accusatory-language', 'court'],
    ]);
  });

  it('refuses off-site links: in the HTML, in a [label](url) link and written out, naming the domain', () => {
    const problems = lint(email('<p><a href="https://acme-payments.example.net/pay">Pay here</a></p>'));
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'invalid-link',
        quote: 'href="https://acme-payments.example.net/pay"',
        message: expect.stringContaining(
          "it leads to acme-payments.example.net, which is not one of the creditor's domains (pay.acme.example, acme.example",
        ),
      }),
    ]);
    expect(found(lint(email('<a href="http://acme.example/pay">x</a><a href="mailto:help@evil.example">y</a>')))).toEqual([
      ['invalid-link', 'href="http://acme.example/pay"'],
      ['invalid-link', 'href="mailto:help@evil.example"'],
    ]);
    expect(found(lint(email('', { text: TEXT.replace('{{signOff}}', '[Help](https://evil.example/help)') })))).toEqual([
      ['invalid-link', '[Help](https://evil.example/help)'],
    ]);
    expect(found(lint(email('<p>Pay at https://evil.example/pay.</p>')))).toEqual([['invalid-link', 'https://evil.example/pay']]);
    const sms = lintTemplate(
      'soft-reminder',
      'en',
      'sms',
      { body: '{{senderName}}: pay at https://evil.example/p {{paymentUrl}} {{timeBarredDisclosure}} {{optOut}}' },
      'creditor',
    );
    expect(found(sms)).toEqual([['invalid-link', 'https://evil.example/p']]);
  });

  it("judges links by the creditor's own profile: its payment page, sender address and brand.linkDomains", () => {
    const brand = {
      name: 'Globex',
      senderName: 'Globex Billing',
      senderEmail: 'billing@globex.example',
      paymentUrl: 'https://globex-pay.example/account',
      signOff: 'Globex',
    };
    const template = email(
      '<p><a href="https://help.globex-care.example/faq">FAQ</a> <a href="https://globex-pay.example/plans">Plans</a></p>',
    );
    expect(found(lint(template, { brand }))).toEqual([['invalid-link', 'href="https://help.globex-care.example/faq"']]);
    expect(lint(template, { brand: { ...brand, linkDomains: ['globex-care.example'] } })).toEqual([]);

    const profile = { creditorId: 'globex', brand, templates: { 'soft-reminder': { en: { email: template } } } };
    expect(creditorProfileSchema.safeParse(profile).error?.issues).toEqual([
      expect.objectContaining({
        path: ['templates', 'soft-reminder', 'en', 'email', 'html'],
        message: expect.stringContaining('help.globex-care.example'),
      }),
    ]);
    expect(parseCreditorProfile({ ...profile, brand: { ...brand, linkDomains: ['globex-care.example'] } }).brand.linkDomains).toEqual([
      'globex-care.example',
    ]);
    expect(() => parseCreditorProfile({ ...profile, brand: { ...brand, linkDomains: ['https://globex-care.example'] } })).toThrow(
      /a domain name/,
    );
  });
});

describe("a creditor's HTML: the renderer", () => {
  const attacks = [
    '<img src=x onerror=alert(1)>',
    '<a href="jav&#x61;script:alert(1)">Pay</a>',
    '<a href="https://evil.example/pay" onclick="x()">Pay</a>',
    '<svg onload=alert(1)><a href="https://evil.example">z</a></svg>',
    '<div style="display:none">hidden</div>',
    '<form action="https://evil.example"><input name=card></form>',
  ].join('');

  it('refuses such a template at render time', () => {
    const overrides = { 'soft-reminder': { en: { email: email(attacks) } } };
    expect(() => renderMessage({ ...sample(), overrides })).toThrow(/cannot be used: .*<img>/);
  });

  it('never outputs an event handler, a script URL or an off-site link, even when given them', () => {
    const message = rendered(email(attacks));
    const { handlers, urls, links } = markupOf(message.html);
    expect(handlers).toEqual([]);
    expect(urls.filter((u) => !allowedInSample(u))).toEqual([]);
    expect(links).toContain(SAMPLE_PAYMENT_URL);
    expect(links).toContain(OPT_OUT_HREF);
    expect(message.html).not.toMatch(/style="display:none"|<form|<input|<img src="x"/);
  });

  it('still carries a disclosure the HTML hides', () => {
    const hidden = rendered({
      ...email(''),
      html: '<p>{{greeting}} <a href="{{paymentUrl}}">Pay</a></p><!--{{timeBarredDisclosure}}{{optOut}}-->',
    });
    expect(markupOf(hidden.html).links).toContain(OPT_OUT_HREF);
    expect(hidden.html).toContain('cannot sue you for it');
    expect(hidden.html).not.toContain('<!--{{');
  });

  it('fills only the placeholders written: one the sanitizer joined up stays text', () => {
    expect(rendered(email('<p>{{first<img>Name}}</p>')).html).toContain('<p>{{firstName}}</p>');
  });

  it('for arbitrary text inserted anywhere in the HTML: no handler, no script or data URL, no off-site link, always the opt-out (property)', () => {
    const nasty = fc.constantFrom(
      '<img src=x onerror=alert(1)>',
      '<img/src=x/onerror=alert(1)>',
      '<a href="jav&#x61;script:alert(1)">',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">',
      '<a href="https://evil.example/">',
      '<a href=//evil.example>',
      '<svg onload=alert(1)>',
      '<script>',
      '<style>',
      '<textarea>',
      '<!--',
      '-->',
      '<div style="display:none">',
      '</p>',
      '</a>',
      '<a title="',
      '"',
      "'",
      '<',
      '>',
      '&',
      ' onclick=alert(1) ',
      'javascript:',
    );
    const insert = fc
      .array(fc.oneof(fc.string(), nasty), { maxLength: 5 })
      .map((parts) => parts.join(''))
      .filter((s) => placeholders(s).length === 0); // an unknown placeholder is refused outright
    fc.assert(
      fc.property(fc.tuple(insert, insert, insert, insert), ([a, b, c, d]) => {
        const template = email('', {
          html: `${a}<h1>{{greeting}}</h1>${b}<p><a href="{{paymentUrl}}">Pay ${c}</a></p>{{timeBarredDisclosure}}${d}<p>{{optOut}}</p>${a}`,
        });
        const { handlers, urls, links } = markupOf(rendered(template).html);
        expect(handlers).toEqual([]);
        expect(urls.filter((u) => !allowedInSample(u))).toEqual([]);
        expect(urls.some((u) => /^\s*(javascript|data|vbscript):/i.test(u))).toBe(false);
        expect(links).toContain(OPT_OUT_HREF);
      }),
      { numRuns: 400 },
    );
  });
});
