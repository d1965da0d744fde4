// The debtor's page as HTML: server-rendered, no script, one column (mobile first), plain forms that post back and
// redirect (POST-redirect-GET). Every value is escaped here. Labels, legends, a skip link, a status region and the
// brand colours checked for contrast keep it within WCAG 2.1 AA.
import { DISPUTE_REASONS, type InconvenientTime } from '../accounts/events.ts';
import { minorToDecimal } from '../money.ts';
import { escapeHtml, readableOn } from '../templates/layout.ts';
import { formatDate, type Locale } from '../templates/locale.ts';
import { noticeHtml } from '../templates/notice-layout.ts';
import { PORTAL_COPY, type PortalAction, type PortalCopy } from './copy.ts';
import { money, type PortalView } from './view.ts';

/** What a page says after a redirect: an action done, or why a form was not taken. */
export type PortalFlash = { done: PortalAction } | { problem: 'stale' | 'not-allowed' | 'bad-input' };

export interface PortalPageInput {
  view: PortalView;
  /** The page's path: forms post back to it. */
  path: string;
  token: string;
  /** Each action's form nonce. */
  nonces: Partial<Record<PortalAction, string>>;
  /** Where Pay goes when the creditor takes payments on its own page (its payment URL, with the account's token). */
  paymentLink: string;
  flash?: PortalFlash;
}

const STYLE = `*{box-sizing:border-box}body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
header,main,footer{max-width:40rem;margin:0 auto;padding:1rem}header{display:flex;justify-content:space-between;align-items:center;gap:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:0 0 .5rem}section{background:#fff;border:1px solid #cbd2d9;border-radius:.5rem;padding:1rem;margin:1rem 0}
.balance{font-size:2rem;font-weight:700;margin:0}label,legend{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select,textarea{font:inherit;padding:.6rem;border:1px solid #52606d;border-radius:.25rem;width:100%;max-width:20rem}
input[type=checkbox],input[type=radio]{width:auto;margin-right:.5rem}fieldset{border:0;padding:0;margin:0 0 .5rem}
.choice{display:flex;align-items:center;font-weight:400;margin:.25rem 0}button,.button{display:inline-block;font:inherit;font-weight:600;
padding:.7rem 1.2rem;border:0;border-radius:.4rem;margin-top:.75rem;cursor:pointer;text-decoration:none;min-height:44px}
:focus-visible{outline:3px solid #1f2933;outline-offset:2px}.hint{color:#52606d;margin:.25rem 0}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .5rem .4rem 0;border-bottom:1px solid #e4e7eb}.status{border-left:4px solid;padding:.75rem 1rem;background:#fff}
footer{color:#52606d;font-size:.9rem}`;

function documentHtml(lang: Locale, title: string, colors: { primary: string; text: string; background: string }, body: string): string {
  const onPrimary = readableOn(colors.primary);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}
body{color:${colors.text};background:${colors.background}}a{color:${colors.primary}}button,.button{background:${colors.primary};color:${onPrimary}}
.status{border-color:${colors.primary}}</style></head><body>${body}</body></html>`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

function form(input: PortalPageInput, action: PortalAction, fields: string, submit: string): string {
  const nonce = input.nonces[action] ?? '';
  return `<form method="post" action="${escapeHtml(input.path)}">${hidden('t', input.token)}${hidden('n', nonce)}${hidden(
    'action',
    action,
  )}${hidden('lang', input.view.locale)}${fields}<button type="submit">${escapeHtml(submit)}</button></form>`;
}

function flashHtml(copy: PortalCopy, flash: PortalFlash | undefined): string {
  if (!flash) return '';
  const text =
    'done' in flash
      ? copy.done[flash.done]
      : copy.problems[flash.problem === 'not-allowed' ? 'notAllowed' : flash.problem === 'bad-input' ? 'badInput' : 'stale'];
  return `<p class="status" role="status">${escapeHtml(text)}</p>`;
}

function timesText(copy: PortalCopy, times: readonly InconvenientTime[]): string {
  return times
    .map((t) => `${t.daysOfWeek ? t.daysOfWeek.map((d) => copy.weekdays[d - 1]).join(', ') : '—'}: ${t.from}–${t.to}`)
    .map((line) => `<li>${escapeHtml(line)}</li>`)
    .join('');
}

export function portalPage(input: PortalPageInput): string {
  const { view } = input;
  const copy = PORTAL_COPY[view.locale];
  const m = (minor: number) => money(view, minor);
  const date = (iso: string) => formatDate(iso, view.intl, 'date');
  const has = (a: PortalAction) => view.actions.has(a);
  const otherLang: Locale = view.locale === 'es' ? 'en' : 'es';
  const switchHref = `${input.path}?t=${encodeURIComponent(input.token)}&lang=${otherLang}`;
  const logo = view.brand.logoUrl
    ? `<img src="${escapeHtml(view.brand.logoUrl)}" alt="${escapeHtml(view.brand.name)}" height="40">`
    : `<p style="margin:0;font-weight:700;font-size:1.25rem">${escapeHtml(view.brand.name)}</p>`;
  const sections: string[] = [];

  const summary = [
    `<p>${escapeHtml(copy.account(view.creditorName, view.maskedAccount))}</p>`,
    `<p>${escapeHtml(copy.balance)}</p><p class="balance">${escapeHtml(m(view.balanceMinor))}</p>`,
    view.status === 'closed' ? `<p>${escapeHtml(copy.closed)}</p>` : '',
    view.status === 'held' ? `<p>${escapeHtml(view.disputed ? copy.dispute.done : copy.held)}</p>` : '',
    view.promiseDate ? `<p>${escapeHtml(copy.promise.current(date(view.promiseDate)))}</p>` : '',
    view.plan && 'requested' in view.plan ? `<p>${escapeHtml(copy.plan.requested)}</p>` : '',
    view.plan && 'nextDueOn' in view.plan
      ? `<p>${escapeHtml(copy.plan.active(view.plan.instalments, m(view.plan.instalmentMinor), date(view.plan.nextDueOn)))}</p>`
      : '',
  ];
  sections.push(`<section aria-labelledby="s-balance"><h2 id="s-balance">${escapeHtml(copy.balance)}</h2>${summary.join('')}</section>`);

  if (has('pay')) {
    const body = view.checkout
      ? form(
          input,
          'pay',
          `<label for="amount">${escapeHtml(copy.pay.amount)}</label><p class="hint" id="amount-hint">${escapeHtml(
            copy.pay.amountHint(m(view.balanceMinor)),
          )}</p><input id="amount" name="amount" inputmode="decimal" autocomplete="transaction-amount" aria-describedby="amount-hint" required value="${escapeHtml(
            minorToDecimal(view.balanceMinor, view.currency),
          )}">`,
          copy.pay.submit,
        )
      : `<a class="button" href="${escapeHtml(input.paymentLink)}">${escapeHtml(copy.pay.link)}</a>`;
    sections.push(`<section aria-labelledby="s-pay"><h2 id="s-pay">${escapeHtml(copy.pay.heading)}</h2>${body}</section>`);
  }

  const payments =
    view.payments.length === 0
      ? `<p>${escapeHtml(copy.payments.none)}</p>`
      : `<table><thead><tr><th scope="col">${escapeHtml(copy.payments.date)}</th><th scope="col">${escapeHtml(copy.payments.amount)}</th></tr></thead><tbody>${view.payments
          .map((p) => `<tr><td>${escapeHtml(date(p.on))}</td><td>${escapeHtml(m(p.amountMinor))}</td></tr>`)
          .join('')}</tbody></table>`;
  sections.push(`<section aria-labelledby="s-payments"><h2 id="s-payments">${escapeHtml(copy.payments.heading)}</h2>${payments}</section>`);

  if (has('plan') && view.planOptions.length > 0) {
    const choices = view.planOptions
      .map(
        (o, i) =>
          `<label class="choice"><input type="radio" name="option" value="${o.option}"${i === 0 ? ' checked' : ''}>${escapeHtml(
            `${o.option === 'standard' ? copy.plan.standard : copy.plan.hardship}: ${copy.plan.terms(o.instalments, m(o.instalmentMinor), o.intervalDays, date(o.firstDueOn))}`,
          )}</label>`,
      )
      .join('');
    sections.push(
      `<section aria-labelledby="s-plan"><h2 id="s-plan">${escapeHtml(copy.plan.heading)}</h2>${form(
        input,
        'plan',
        `<fieldset><legend>${escapeHtml(copy.plan.heading)}</legend>${choices}</fieldset>`,
        copy.plan.submit,
      )}</section>`,
    );
  }

  if (has('promise')) {
    sections.push(
      `<section aria-labelledby="s-promise"><h2 id="s-promise">${escapeHtml(copy.promise.heading)}</h2>${form(
        input,
        'promise',
        `<label for="promise-date">${escapeHtml(copy.promise.date)}</label><p class="hint" id="promise-hint">${escapeHtml(
          copy.promise.hint,
        )}</p><input type="date" id="promise-date" name="date" required aria-describedby="promise-hint">`,
        copy.promise.submit,
      )}</section>`,
    );
  }

  if (view.validation) {
    sections.push(
      `<section aria-labelledby="s-validation"><h2 id="s-validation">${escapeHtml(copy.validation.heading)}</h2><p><strong>${escapeHtml(
        copy.validation.disputeBy(view.validation.disputeBy),
      )}</strong></p>${view.validation.notices.map((n) => noticeHtml(n, view.brand.colors)).join('')}</section>`,
    );
  }

  if (has('dispute')) {
    const reasons = DISPUTE_REASONS.map(
      (r, i) =>
        `<label class="choice"><input type="radio" name="reason" value="${r}"${i === 0 ? ' checked' : ''}>${escapeHtml(copy.dispute.reasons[r])}</label>`,
    ).join('');
    sections.push(
      `<section aria-labelledby="s-dispute"><h2 id="s-dispute">${escapeHtml(copy.dispute.heading)}</h2>${form(
        input,
        'dispute',
        `<fieldset><legend>${escapeHtml(copy.dispute.reason)}</legend>${reasons}</fieldset><label for="note">${escapeHtml(
          copy.dispute.note,
        )}</label><textarea id="note" name="note" rows="3" maxlength="2000"></textarea>`,
        copy.dispute.submit,
      )}</section>`,
    );
  }

  if (has('original-creditor')) {
    sections.push(
      `<section aria-labelledby="s-original"><h2 id="s-original">${escapeHtml(copy.originalCreditor.heading)}</h2><p>${escapeHtml(
        copy.originalCreditor.body,
      )}</p>${form(input, 'original-creditor', '', copy.originalCreditor.submit)}</section>`,
    );
  }

  if (has('contact-times')) {
    const current =
      view.inconvenientTimes.length === 0
        ? `<p>${escapeHtml(copy.contactTimes.none)}</p>`
        : `<p>${escapeHtml(copy.contactTimes.current)}</p><ul>${timesText(copy, view.inconvenientTimes)}</ul>`;
    const days = copy.weekdays
      .map((d, i) => `<label class="choice"><input type="checkbox" name="day" value="${i + 1}">${escapeHtml(d)}</label>`)
      .join('');
    sections.push(
      `<section aria-labelledby="s-times"><h2 id="s-times">${escapeHtml(copy.contactTimes.heading)}</h2><p>${escapeHtml(
        copy.contactTimes.body,
      )}</p>${current}${form(
        input,
        'contact-times',
        `<fieldset><legend>${escapeHtml(copy.contactTimes.days)}</legend>${days}</fieldset><label for="from">${escapeHtml(
          copy.contactTimes.from,
        )}</label><input type="time" id="from" name="from" required><label for="to">${escapeHtml(
          copy.contactTimes.to,
        )}</label><input type="time" id="to" name="to" required>`,
        copy.contactTimes.submit,
      )}</section>`,
    );
  }

  if (has('channels')) {
    const usable = view.channels.filter((c) => !c.optedOut);
    const list = view.channels
      .map(
        (c) =>
          `<label class="choice"><input type="checkbox" name="optOut" value="${c.channel}"${c.optedOut ? ' disabled checked' : ''}>${escapeHtml(
            `${copy.channels[c.channel]}${c.optedOut ? ` (${copy.channels.optedOut})` : ''}`,
          )}</label>`,
      )
      .join('');
    const body =
      view.channels.length === 0
        ? `<p>${escapeHtml(copy.channels.none)}</p>`
        : usable.length === 0
          ? list
          : form(input, 'channels', `<fieldset><legend>${escapeHtml(copy.channels.body)}</legend>${list}</fieldset>`, copy.channels.submit);
    sections.push(`<section aria-labelledby="s-channels"><h2 id="s-channels">${escapeHtml(copy.channels.heading)}</h2>${body}</section>`);
  }

  const address = view.brand.postalAddress ? `<br>${view.brand.postalAddress.split('\n').map(escapeHtml).join('<br>')}` : '';
  const contact = view.brand.contact ? `<br>${escapeHtml(view.brand.contact)}` : '';
  const disclosures = view.disclosures.map((d) => `<p>${escapeHtml(d)}</p>`).join('');
  const body = `<a class="skip" href="#main">${view.locale === 'es' ? 'Ir al contenido' : 'Skip to content'}</a>
<header>${logo}<a href="${escapeHtml(switchHref)}" lang="${otherLang}" hreflang="${otherLang}">${escapeHtml(copy.languageSwitch)}</a></header>
<main id="main"><h1>${escapeHtml(copy.title(view.creditorName))}</h1>${flashHtml(copy, input.flash)}${disclosures}${sections.join('\n')}</main>
<footer><p>${escapeHtml(view.brand.name)}${address}${contact}</p></footer>`;
  return documentHtml(view.locale, copy.title(view.creditorName), view.brand.colors, body);
}

/** The page for a link that does not open an account: it says why, and shows nothing of any account. */
export function portalProblemPage(
  locale: Locale,
  problem: 'invalid' | 'expired' | 'fresh-link-sent',
  fresh?: { path: string; token: string; nonce: string },
): string {
  const copy = PORTAL_COPY[locale].problems;
  const title = problem === 'invalid' ? copy.invalidTitle : copy.expiredTitle;
  const text = problem === 'invalid' ? copy.invalid : problem === 'expired' ? copy.expired : copy.freshSent;
  const button =
    problem === 'expired' && fresh
      ? `<form method="post" action="${escapeHtml(fresh.path)}">${hidden('t', fresh.token)}${hidden('n', fresh.nonce)}${hidden(
          'action',
          'fresh-link',
        )}${hidden('lang', locale)}<button type="submit">${escapeHtml(copy.freshLink)}</button></form>`
      : '';
  const colors = { primary: '#2f5d8a', text: '#1f2933', background: '#f5f6f8' };
  return documentHtml(locale, title, colors, `<main id="main"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${button}</main>`);
}
