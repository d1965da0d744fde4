// The debtor's page, pure: its signed links, the inconvenient times it records as the contact rules honour them, and
// what it shows under each brand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../shared/accounts/account.ts';
import { eventFromDraft, type AccountEvent } from '../../shared/accounts/events.ts';
import { foldAccount } from '../../shared/accounts/fold.ts';
import { checkSendAllowed } from '../../shared/compliance/send-gate.ts';
import { parseCreditorProfile } from '../../shared/creditors/profile.ts';
import { portalPage } from '../../shared/portal/page.ts';
import { formNonce, portalToken, readFormNonce, readPortalToken } from '../../shared/portal/link.ts';
import { portalView } from '../../shared/portal/view.ts';
import { HmacLinkSigner } from '../../local/hmac-link-signer.ts';
import { EXAMPLE_PROFILE } from '../support/world.ts';

const links = new HmacLinkSigner(new Uint8Array(32).fill(7));
const ACCOUNT = 'acc-0123456789abcdef01234567';
const NOW = new Date('2026-03-02T14:00:00Z');
const DAY = 86_400_000;

describe('page links', () => {
  it('open their account until they expire, and no altered link opens anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[0-9a-f]{24}$/), fc.integer({ min: 0, max: 60 }), fc.nat(), async (hex, days, at) => {
        const accountId = `acc-${hex}`;
        const token = await portalToken(links, accountId, NOW);
        const read = await readPortalToken(links, token, new Date(NOW.getTime() + days * DAY));
        expect(read).toMatchObject(days < 30 ? { status: 'valid', accountId } : { status: 'expired', accountId });
        const i = at % token.length;
        const altered = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
        expect((await readPortalToken(links, altered, NOW)).status).toBe('invalid');
      }),
      { numRuns: 200 },
    );
  });

  it("a form's nonce holds for its account and action only", async () => {
    const nonce = await formNonce(links, ACCOUNT, 'dispute', 12);
    expect(await readFormNonce(links, ACCOUNT, 'dispute', nonce)).toBe(12);
    expect(await readFormNonce(links, ACCOUNT, 'plan', nonce)).toBeUndefined();
    expect(await readFormNonce(links, 'acc-ffffffffffffffffffffffff', 'dispute', nonce)).toBeUndefined();
    expect(await readFormNonce(links, ACCOUNT, 'dispute', nonce.replace(/^12/, '13'))).toBeUndefined();
  });
});

const record: AccountRecord = {
  accountId: ACCOUNT,
  creditorId: 'acme',
  accountRef: 'CARD-99887766',
  debtor: { name: 'Ana Gómez', email: 'ana@example.com', phone: '+12125550100', language: 'es' },
  balanceMinor: 50_000,
  currency: 'USD',
  delinquencyDate: '2025-06-01',
  timeZones: ['America/New_York'],
  placedAt: NOW.toISOString(),
  sourceKey: 'x',
  sourceLine: 2,
  attributes: {},
};
const placed = eventFromDraft(ACCOUNT, NOW, { type: 'placed', balanceMinor: 50_000, currency: 'USD', creditorId: 'acme', key: 'placed' });

describe('inconvenient times from the page', () => {
  const clock = fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, '0')}:00`);
  it('no message goes out inside a span the debtor named, whatever the span and the instant', () => {
    fc.assert(
      fc.property(clock, clock, fc.integer({ min: 0, max: 14 * 24 * 60 }), (from, to, minute) => {
        const times = [{ from, to }];
        const events: AccountEvent[] = [placed, eventFromDraft(ACCOUNT, NOW, { type: 'inconvenient-times-set', times, key: 'page:t' })];
        const state = foldAccount(ACCOUNT, events);
        const at = new Date(NOW.getTime() + minute * 60_000);
        const local = Number(
          new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(at),
        );
        const f = Number(from.slice(0, 2));
        const t = Number(to.slice(0, 2));
        const inside = f === t || (f < t ? local >= f && local < t : local >= f || local < t);
        const decision = checkSendAllowed(state, 'email', { address: { state: 'NY' } }, at, { purpose: 'collection' });
        if (inside) expect(decision.reasons).toContain('inconvenient-time');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the page', () => {
  const profile = parseCreditorProfile(EXAMPLE_PROFILE);
  const agency = { name: 'Northwind Recoveries', email: 'help@northwind.example', address: '1 Agency Way\nAlbany, NY 12207' };
  const render = (events: AccountEvent[], locale: 'en' | 'es') =>
    portalPage({
      view: portalView({ record, state: foldAccount(ACCOUNT, events), events, profile, agency, now: NOW, locale }),
      path: '/',
      token: 't',
      nonces: {},
      paymentLink: 'https://pay.example/?tactful_ref=t',
    });

  it("wears the creditor's brand before the hand-off, in the account's language, with the masked account number", () => {
    const html = render([placed], 'es');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain(`Su cuenta de ${profile.brand.name}`);
    expect(html).toContain('••••7766');
    expect(html).not.toContain('CARD-99887766');
    expect(html).not.toContain('ana@example.com');
    expect(html).not.toContain('debt collector');
  });

  it("wears the agency's after it, with the debt-collector statement and the validation notice's dispute-by date", () => {
    const events = [
      placed,
      eventFromDraft(ACCOUNT, NOW, { type: 'stage-entered', stage: 'ThirdParty', key: 's' }),
      eventFromDraft(ACCOUNT, NOW, {
        type: 'touch-sent',
        touchId: `${ACCOUNT}-thirdparty-1`,
        stage: 'ThirdParty',
        channel: 'email',
        template: 'x',
        key: 'ts',
      }),
    ];
    const html = render(events, 'en');
    expect(html).toContain('Northwind Recoveries');
    expect(html).toContain('This is a communication from a debt collector.');
    expect(html).toMatch(/You can dispute all or part of this debt until April \d+, 2026\./);
    expect(html).toContain('The original creditor');
  });
});
