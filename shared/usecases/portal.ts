// The debtor's page: a signed link opens the account's page; its forms come back here. Each action is checked against
// the account as it stands now and recorded through the use cases replies and instructions use (recordPageStatement,
// recordEvent), under a key made of the form's nonce, so a double submit is one fact. A link that is not ours, or
// not for this account, gets a page that says so and shows nothing.
import { debtorContactOf } from '../accounts/contact-history.ts';
import { DISPUTE_REASONS, eventFromDraft, type DisputeReason, type InconvenientTime } from '../accounts/events.ts';
import { checkSendAllowed } from '../compliance/send-gate.ts';
import { parseClock } from '../compliance/calendar.ts';
import { minorToDecimal, parseDecimalToMinor } from '../money.ts';
import type { CheckoutPort } from '../payments/checkout.ts';
import { PORTAL_COPY, type PortalAction } from '../portal/copy.ts';
import { formNonce, portalUrl, readFormNonce, readPortalToken } from '../portal/link.ts';
import { portalPage, portalProblemPage, type PortalFlash } from '../portal/page.ts';
import { portalView, type PortalView } from '../portal/view.ts';
import type { CreditorStore, EmailSender, LinkSigner } from '../ports.ts';
import { escapeHtml } from '../templates/layout.ts';
import { resolveLocale, type Locale } from '../templates/locale.ts';
import { STRINGS } from '../templates/strings.ts';
import { loadAccount, requireProfile } from './load-account.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';
import { recordPageStatement } from './record-reply.ts';
import type { AgencyIdentity } from './send-touch.ts';

export interface PortalDeps extends RecordEventDeps {
  creditors: CreditorStore;
  /** The page-link key (a key of its own: it can mint nothing else). */
  pageLinks: LinkSigner;
  agency: AgencyIdentity;
  email: EmailSender;
  /** Hosted payments, for creditors whose profile names a Stripe account. */
  checkout?: CheckoutPort;
}

export type PortalResponse = { status: number; html: string } | { status: 303; location: string };

export interface PortalRequest {
  /** The page's own address without a query (https://…/): forms post to it and redirects come back to it. */
  pageUrl: string;
  token: string;
  lang?: string;
  flash?: PortalFlash;
}

const ACTIONS: readonly PortalAction[] = ['pay', 'plan', 'promise', 'dispute', 'original-creditor', 'contact-times', 'channels'];
const FRESH_LINK = 'fresh-link';
const PROMISE_DAYS = 30;
const DAY_MS = 86_400_000;

const problem = (status: number, locale: Locale, kind: 'invalid' | 'fresh-link-sent') => ({
  status,
  html: portalProblemPage(locale, kind),
});

export async function showPortal(deps: PortalDeps, request: PortalRequest, now: Date): Promise<PortalResponse> {
  const chosen = request.lang ? resolveLocale(request.lang) : undefined;
  const link = await readPortalToken(deps.pageLinks, request.token, now);
  if (link.status === 'invalid') return problem(400, chosen ?? 'en', 'invalid');
  const loaded = await loadIfExists(deps, link.accountId);
  if (!loaded) return problem(400, chosen ?? 'en', 'invalid');
  const locale = chosen ?? resolveLocale(loaded.record.debtor.language);
  if (link.status === 'expired') {
    const fresh = { path: request.pageUrl, token: request.token, nonce: await formNonce(deps.pageLinks, link.accountId, FRESH_LINK, 0) };
    return { status: 410, html: portalProblemPage(locale, 'expired', fresh) };
  }
  const view = await viewOf(deps, loaded, locale, now);
  const nonces: Partial<Record<PortalAction, string>> = {};
  for (const action of view.actions) nonces[action] = await formNonce(deps.pageLinks, link.accountId, action, loaded.version);
  const profile = await requireProfile(deps.creditors, loaded.record.creditorId);
  const paymentLink = new URL(profile.brand.paymentUrl);
  paymentLink.searchParams.set('tactful_ref', request.token);
  return {
    status: 200,
    html: portalPage({
      view,
      path: new URL(request.pageUrl).pathname,
      token: request.token,
      nonces,
      paymentLink: paymentLink.href,
      ...(request.flash ? { flash: request.flash } : {}),
    }),
  };
}

/** A form as it came back: every field a string (repeated fields as lists). */
export type PortalForm = Record<string, string | string[] | undefined>;

export async function submitPortalForm(deps: PortalDeps, pageUrl: string, form: PortalForm, now: Date): Promise<PortalResponse> {
  const field = (name: string): string => {
    const value = form[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const list = (name: string): string[] => [form[name] ?? []].flat();
  const token = field('t');
  const chosen = field('lang') ? resolveLocale(field('lang')) : 'en';
  const action = field('action');
  const link = await readPortalToken(deps.pageLinks, token, now);
  if (link.status === 'invalid') return problem(400, chosen, 'invalid');
  const loaded = await loadIfExists(deps, link.accountId);
  if (!loaded) return problem(400, chosen, 'invalid');
  if (action === FRESH_LINK) {
    const version = await readFormNonce(deps.pageLinks, link.accountId, FRESH_LINK, field('n'));
    if (version === undefined) return problem(400, chosen, 'invalid');
    await sendFreshLink(deps, loaded, pageUrl, token, now);
    return problem(200, chosen, 'fresh-link-sent');
  }
  if (link.status === 'expired') return showPortal(deps, { pageUrl, token, lang: chosen }, now);
  if (!(ACTIONS as readonly string[]).includes(action)) return problem(400, chosen, 'invalid');
  const portalAction = action as PortalAction;
  const version = await readFormNonce(deps.pageLinks, link.accountId, portalAction, field('n'));
  if (version === undefined) return problem(400, chosen, 'invalid');
  const pageAt = (flash?: PortalFlash): string => {
    const url = new URL(pageUrl);
    url.searchParams.set('t', token);
    url.searchParams.set('lang', chosen);
    if (flash && 'done' in flash) url.searchParams.set('done', flash.done);
    if (flash && 'problem' in flash) url.searchParams.set('problem', flash.problem);
    return url.href;
  };
  const back = (flash: PortalFlash): PortalResponse => ({ status: 303, location: pageAt(flash) });
  const formId = `${portalAction}:${version}`;
  // A double submit: the first one is recorded under this form's id, so the second only says it is done.
  if (loaded.events.some((e) => e.eventId.startsWith(`${link.accountId}:page:${formId}`))) return back({ done: portalAction });
  const view = await viewOf(deps, loaded, chosen, now);
  if (!view.actions.has(portalAction)) return back({ problem: 'not-allowed' });
  const { record } = loaded;
  const key = (suffix = '') => `page:${formId}${suffix}`;
  switch (portalAction) {
    case 'pay': {
      const amountMinor = amountOf(field('amount'), record.currency);
      if (amountMinor === undefined || amountMinor <= 0 || amountMinor > view.balanceMinor) return back({ problem: 'bad-input' });
      if (!deps.checkout || !view.checkout) return back({ problem: 'not-allowed' });
      const session = await deps.checkout.createCheckout({
        creditorId: record.creditorId,
        accountId: record.accountId,
        amountMinor,
        currency: record.currency,
        description: `${view.creditorName} ${view.maskedAccount}`,
        successUrl: pageAt({ done: 'pay' }),
        cancelUrl: pageAt(),
        idempotencyKey: `${record.accountId}:${key(`:${minorToDecimal(amountMinor, record.currency)}`)}`,
      });
      return { status: 303, location: session.url };
    }
    case 'plan': {
      const option = field('option');
      if (option !== 'standard' && option !== 'hardship') return back({ problem: 'bad-input' });
      await recordPageStatement(deps, record, { intent: option === 'hardship' ? 'hardship' : 'plan', formId }, now);
      break;
    }
    case 'promise': {
      const date = field('date');
      const day = Date.parse(`${date}T00:00:00Z`);
      const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !(day >= today && day <= today + PROMISE_DAYS * DAY_MS))
        return back({ problem: 'bad-input' });
      await recordPageStatement(deps, record, { intent: 'promise', promiseDate: date, formId }, now);
      break;
    }
    case 'dispute': {
      const reason = field('reason') as DisputeReason;
      if (!DISPUTE_REASONS.includes(reason)) return back({ problem: 'bad-input' });
      const note = field('note').trim();
      await recordPageStatement(deps, record, { intent: 'dispute', disputeReason: reason, formId, ...(note ? { note } : {}) }, now);
      break;
    }
    case 'original-creditor':
      // No rule answers this: a person sends the name and address, from the review queue.
      await recordPageStatement(deps, record, { intent: 'other', formId, note: PORTAL_COPY.en.originalCreditor.body }, now);
      break;
    case 'contact-times': {
      const span = inconvenientSpan(list('day'), field('from'), field('to'));
      if (!span) return back({ problem: 'bad-input' });
      const times = [...loaded.state.inconvenientTimes, span];
      await recordEvent(deps, eventFromDraft(record.accountId, now, { type: 'inconvenient-times-set', times, key: key() }));
      break;
    }
    case 'channels': {
      const channels = list('optOut').filter((c): c is 'email' | 'sms' => view.channels.some((v) => v.channel === c && !v.optedOut));
      if (channels.length === 0) return back({ problem: 'bad-input' });
      for (const channel of channels) {
        await recordEvent(
          deps,
          eventFromDraft(record.accountId, now, { type: 'opted-out', channel, via: 'page', key: key(`:${channel}`) }),
        );
      }
      break;
    }
  }
  return back({ done: portalAction });
}

async function loadIfExists(deps: PortalDeps, accountId: string) {
  if (!(await deps.store.getAccount(accountId))) return undefined;
  return loadAccount(deps.store, accountId);
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadIfExists>>>;

async function viewOf(deps: PortalDeps, loaded: Loaded, locale: Locale, now: Date): Promise<PortalView> {
  const profile = await requireProfile(deps.creditors, loaded.record.creditorId);
  return portalView({ ...loaded, profile, agency: deps.agency, now, locale });
}

function amountOf(text: string, currency: string): number | undefined {
  try {
    return parseDecimalToMinor(text.trim().replace(/^\$/, ''), currency);
  } catch {
    return undefined;
  }
}

/** One span from the form: the days ticked (none: every day) and two local times. */
function inconvenientSpan(days: string[], from: string, to: string): InconvenientTime | undefined {
  if (parseClock(from) === null || parseClock(to) === null) return undefined;
  const weekdays = [...new Set(days.map(Number))].filter((d) => Number.isInteger(d) && d >= 1 && d <= 7).sort();
  if (weekdays.length !== days.length) return undefined;
  return { ...(weekdays.length > 0 ? { daysOfWeek: weekdays } : {}), from, to };
}

/**
 * A new link for the debtor who opened an expired one, to the email address on file (never one typed in), once per
 * expired link, and only when the contact rules allow an email now (it is an answer to the debtor's own request).
 * The page says the same whatever happened, so it tells nobody whether there is an address.
 */
async function sendFreshLink(deps: PortalDeps, loaded: Loaded, pageUrl: string, oldToken: string, now: Date): Promise<void> {
  const { record, state } = loaded;
  const address = record.debtor.email;
  if (!address) return;
  const profile = await requireProfile(deps.creditors, record.creditorId);
  const gate = checkSendAllowed(state, 'email', debtorContactOf(record), now, {
    purpose: 'answer',
    ...(profile.policy.contact ? { policy: profile.policy.contact } : {}),
  });
  if (!gate.allowed) return;
  const oldExpiry = oldToken.split('.')[1] ?? '';
  const claimed = await recordEvent(
    deps,
    eventFromDraft(record.accountId, now, { type: 'page-link-sent', channel: 'email', key: `page:fresh-link:${oldExpiry}` }),
  );
  if (claimed === 'duplicate') return;
  const url = await portalUrl(deps.pageLinks, pageUrl, record.accountId, now);
  const locale = resolveLocale(record.debtor.language);
  const agency = state.stage === 'ThirdParty';
  const from = agency
    ? { fromName: deps.agency.name, fromAddress: deps.agency.email }
    : { fromName: profile.brand.senderName, fromAddress: profile.brand.senderEmail };
  const copy = PORTAL_COPY[locale].freshLinkEmail;
  // From the agency, every message says it is from a debt collector; the page itself is how to opt out of email.
  const lines = [copy.lead, url, copy.optOut, ...(agency ? [STRINGS[locale].debtCollectorShort] : [])];
  await deps.email.sendEmail({
    to: address,
    ...from,
    replyTo: from.fromAddress,
    subject: copy.subject,
    html: lines
      .map((line) => (line === url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : `<p>${escapeHtml(line)}</p>`))
      .join(''),
    text: `${lines.join('\n\n')}\n`,
    touchId: `${record.accountId}:page-link:${oldExpiry}`,
  });
}
