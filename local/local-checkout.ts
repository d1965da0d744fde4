// Stripe Checkout offline: a session has a local page whose button pays, and paying does what Stripe does, it posts
// the events a paid Checkout Session produces (checkout.session.completed, payment_intent.succeeded), signed with the
// webhook's test secret, to the real stripe-webhook function. Like StripeCheckout (shared/adapters/stripe-checkout.ts)
// the session is taken on the Stripe account the creditor's profile names, with the account's ids in its metadata;
// the same idempotency key gets the same session, and paying a session twice posts the same events (one payment).
import { formatMoney } from '../shared/money.ts';
import { PermanentError } from '../shared/errors.ts';
import type { CheckoutPort, CheckoutRequest, CheckoutSession } from '../shared/payments/checkout.ts';
import type { CreditorStore } from '../shared/ports.ts';
import { escapeHtml } from '../shared/templates/layout.ts';
import type { SeededIds } from './seeded-ids.ts';

/** Posts a Stripe event to the webhook as Stripe would (signed); the webhook's answer. */
export type StripeEventPoster = (event: Record<string, unknown>) => Promise<{ statusCode: number; body: string }>;

interface LocalSession extends CheckoutRequest {
  sessionId: string;
  paymentIntent: string;
  /** The connected account the session was created on (the profile's payments.stripeAccountId). */
  stripeAccount?: string;
}

/** A response of the local checkout page, as the page server sends it. */
export interface CheckoutPageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const API_VERSION = '2025-10-29.clover';

export class LocalCheckout implements CheckoutPort {
  /** Where sessions' pages are served (the local page server sets it): `{baseUrl}checkout/{sessionId}`. */
  baseUrl = 'http://127.0.0.1/';
  private readonly sessions = new Map<string, LocalSession>();
  private readonly byKey = new Map<string, string>();
  private readonly creditors: Pick<CreditorStore, 'getProfile'>;
  private readonly ids: SeededIds;
  private readonly postEvent: StripeEventPoster;

  constructor(creditors: Pick<CreditorStore, 'getProfile'>, ids: SeededIds, postEvent: StripeEventPoster) {
    this.creditors = creditors;
    this.ids = ids;
    this.postEvent = postEvent;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const profile = await this.creditors.getProfile(request.creditorId);
    if (!profile) throw new PermanentError(`Checkout for ${request.accountId}: creditor ${request.creditorId} has no profile`);
    const known = this.byKey.get(request.idempotencyKey);
    if (known) return { sessionId: known, url: this.urlOf(known) };
    const suffix = this.ids.next(`checkout:${request.idempotencyKey}`).replaceAll('-', '');
    const stripeAccount = profile.payments?.stripeAccountId;
    const session: LocalSession = {
      ...request,
      sessionId: `cs_local_${suffix}`,
      paymentIntent: `pi_local_${suffix}`,
      ...(stripeAccount ? { stripeAccount } : {}),
    };
    this.byKey.set(request.idempotencyKey, session.sessionId);
    this.sessions.set(session.sessionId, session);
    return { sessionId: session.sessionId, url: this.urlOf(session.sessionId) };
  }

  urlOf(sessionId: string): string {
    return new URL(`checkout/${sessionId}`, this.baseUrl).href;
  }

  /** The checkout page at `path` (/checkout/{id}): GET shows the amount and a Pay button, POST pays and goes back. */
  async respond(path: string, method: 'GET' | 'POST'): Promise<CheckoutPageResponse | undefined> {
    const id = /^\/checkout\/([\w-]+)$/.exec(path)?.[1];
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return { statusCode: 404, headers: HTML, body: plainPage('No such payment', '<p>This payment page does not exist.</p>') };
    if (method === 'POST') {
      await this.pay(session.sessionId);
      return { statusCode: 303, headers: { location: session.successUrl }, body: '' };
    }
    const amount = escapeHtml(formatMoney(session.amountMinor, session.currency));
    return {
      statusCode: 200,
      headers: HTML,
      body: plainPage(
        'Offline checkout',
        `<p>${escapeHtml(session.description)}</p><p>Amount: <strong>${amount}</strong></p><form method="post"><button type="submit">Pay ${amount}</button></form><p><a href="${escapeHtml(session.cancelUrl)}">Cancel</a></p>`,
      ),
    };
  }

  /**
   * The debtor pays: Stripe's webhook events for the paid session reach the webhook, each under an id of its own that
   * a second payment of the same session repeats. The webhook's outcome for the session's event.
   */
  async pay(sessionId: string): Promise<string> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No checkout session ${sessionId}`);
    const completed = await this.post(session, 'checkout.session.completed', {
      id: session.sessionId,
      object: 'checkout.session',
      mode: 'payment',
      status: 'complete',
      payment_status: 'paid',
      payment_intent: session.paymentIntent,
      amount_total: session.amountMinor,
      currency: session.currency.toLowerCase(),
      metadata: metadataOf(session),
    });
    await this.post(session, 'payment_intent.succeeded', {
      id: session.paymentIntent,
      object: 'payment_intent',
      amount: session.amountMinor,
      amount_received: session.amountMinor,
      currency: session.currency.toLowerCase(),
      status: 'succeeded',
      metadata: metadataOf(session),
    });
    return completed;
  }

  private async post(session: LocalSession, type: string, object: Record<string, unknown>): Promise<string> {
    const event = {
      id: `evt_local_${type.replaceAll('.', '_')}_${session.sessionId.slice('cs_local_'.length)}`,
      object: 'event',
      api_version: API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: session.idempotencyKey },
      type,
      data: { object },
      ...(session.stripeAccount ? { account: session.stripeAccount } : {}),
    };
    const answer = await this.postEvent(event);
    const outcome = (JSON.parse(answer.body || '{}') as { outcome?: string; error?: string }).outcome;
    // Stripe would retry a refused event for days; offline a refusal is a bug to see at once.
    if (answer.statusCode !== 200 || !outcome)
      throw new Error(`The Stripe webhook answered ${type} with ${answer.statusCode}: ${answer.body}`);
    return outcome;
  }
}

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** Ids only, as StripeCheckout puts them on the session and its PaymentIntent. */
const metadataOf = (session: LocalSession) => ({ creditorId: session.creditorId, accountId: session.accountId });

/** A plain page, not the creditor's (the checkout is the processor's page; the page server's own pages use it too). */
export const plainPage = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(
    title,
  )}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
