// Hosted payments offline, in place of the processor's checkout page: a session has a local page whose button
// completes the payment, recorded through the same use case a processor's report goes through
// (shared/usecases/record-processor-payment.ts). The same idempotency key gets the same session, as a processor's does.
import type { CheckoutPort, CheckoutRequest, CheckoutSession } from '../shared/payments/checkout.ts';
import { recordProcessorPayment, type ProcessorPaymentOutcome } from '../shared/usecases/record-processor-payment.ts';
import type { RecordEventDeps } from '../shared/usecases/record-event.ts';
import type { SeededIds } from './seeded-ids.ts';
import type { WorkTracker } from './work-tracker.ts';

export class LocalCheckout implements CheckoutPort {
  /** Where sessions' pages are served (the local page server sets it): `{baseUrl}checkout/{sessionId}`. */
  baseUrl = 'http://127.0.0.1/';
  private readonly sessions = new Map<string, CheckoutRequest & { sessionId: string }>();
  private readonly byKey = new Map<string, string>();
  private readonly deps: RecordEventDeps;
  private readonly ids: SeededIds;
  private readonly tracker: WorkTracker;

  constructor(deps: RecordEventDeps, ids: SeededIds, tracker: WorkTracker) {
    this.deps = deps;
    this.ids = ids;
    this.tracker = tracker;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const sessionId = this.byKey.get(request.idempotencyKey) ?? `cs_local_${this.ids.next(`checkout:${request.idempotencyKey}`)}`;
    this.byKey.set(request.idempotencyKey, sessionId);
    this.sessions.set(sessionId, { ...request, sessionId });
    return { sessionId, url: this.urlOf(sessionId) };
  }

  urlOf(sessionId: string): string {
    return new URL(`checkout/${sessionId}`, this.baseUrl).href;
  }

  session(sessionId: string): (CheckoutRequest & { sessionId: string }) | undefined {
    return this.sessions.get(sessionId);
  }

  /** The debtor pays: the processor reports the payment, under the session's id (twice is one payment). */
  async complete(sessionId: string): Promise<ProcessorPaymentOutcome | 'unknown-session'> {
    const session = this.sessions.get(sessionId);
    if (!session) return 'unknown-session';
    return this.tracker.track(() =>
      recordProcessorPayment(
        this.deps,
        {
          creditorId: session.creditorId,
          account: { id: session.accountId },
          amount: { minor: session.amountMinor },
          currency: session.currency,
          reference: sessionId,
        },
        new Date(),
      ),
    );
  }
}
