// One-click unsubscribe (RFC 8058): each email carries a signed link for its own touch. A valid POST opts the
// account out of email at once and wakes its workflow; a GET only shows the confirmation (link scanners GET).
import { eventFromDraft } from '../accounts/events.ts';
import { parseTouchId } from '../accounts/touch-id.ts';
import type { LinkSigner } from '../ports.ts';
import { recordEvent, type RecordEventDeps } from './record-event.ts';

export interface UnsubscribeDeps extends RecordEventDeps {
  links: LinkSigner;
}

export interface UnsubscribeRequest {
  touchId: string;
  signature: string;
}

const signedMessage = (touchId: string): string => `unsubscribe:${touchId}`;

/** The link for one touch: `{base}?t={touchId}&s={signature}`. */
export async function unsubscribeUrl(links: LinkSigner, baseUrl: string, touchId: string): Promise<string> {
  const url = new URL(baseUrl);
  url.searchParams.set('t', touchId);
  url.searchParams.set('s', await links.sign(signedMessage(touchId)));
  return url.href;
}

export async function isValidUnsubscribe(links: LinkSigner, request: UnsubscribeRequest): Promise<boolean> {
  return parseTouchId(request.touchId) !== undefined && links.verify(signedMessage(request.touchId), request.signature);
}

export async function applyUnsubscribe(
  deps: UnsubscribeDeps,
  request: UnsubscribeRequest,
  now: Date,
): Promise<'unsubscribed' | 'already-unsubscribed' | 'invalid-link'> {
  const touch = parseTouchId(request.touchId);
  if (!touch || !(await isValidUnsubscribe(deps.links, request))) return 'invalid-link';
  if (!(await deps.store.getAccount(touch.accountId))) return 'invalid-link';
  const event = eventFromDraft(touch.accountId, now, {
    type: 'opted-out',
    channel: 'email',
    via: 'one-click-unsubscribe',
    key: `unsubscribe:${request.touchId}`,
  });
  return (await recordEvent(deps, event)) === 'recorded' ? 'unsubscribed' : 'already-unsubscribed';
}
