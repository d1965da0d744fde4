// shared/payments/checkout.ts
/** Starts a hosted payment for an account; the processor reports the outcome later through its webhook. */
export interface CheckoutRequest {
  creditorId: string;
  accountId: string;
  amountMinor: number;
  currency: string;
  description: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

export interface CheckoutSession {
  sessionId: string;
  url: string;
}

export interface CheckoutPort {
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
}
