// What `tactful smoke` places: a throwaway creditor and four debtors whose contacts are AWS's own simulators, so a
// deployment under test sends nothing to a person. One email is delivered, one bounces, one complains, one text goes out.
import { accountIdFor } from '../../shared/accounts/account.ts';
import { evaluateContact, type ContactChannel } from '../../shared/compliance/evaluate.ts';
import type { CreditorProfileInput } from '../../shared/creditors/profile.ts';
import { SES_SIMULATOR_DOMAIN, SMS_SIMULATOR_NUMBERS } from '../provider-simulators.ts';

/** What the smoke test must see on a debtor's account once its first touch went out. */
export type SmokeExpectation = 'email-delivered' | 'email-bounced' | 'email-complained' | 'sms-delivered';

export interface SmokeDebtor {
  ref: string;
  accountId: string;
  expect: SmokeExpectation;
  email?: string;
  phone?: string;
}

export interface SmokeFixture {
  creditorId: string;
  profile: CreditorProfileInput;
  placementFile: string;
  placementCsv: string;
  debtors: SmokeDebtor[];
  /** Where the debtors live: chosen so that contact is allowed now, or as soon as possible. */
  place: SmokePlace;
  /** When every debtor may first be contacted (now, unless no place allows it yet). */
  contactableAt: Date;
}

export interface SmokePlace {
  city: string;
  state: string;
  zip: string;
}

/** One place per US zone, east to west and on to Guam, so that some debtor's local hour is inside 08:00–21:00. */
const PLACES: readonly SmokePlace[] = [
  { city: 'New York', state: 'NY', zip: '10001' },
  { city: 'Chicago', state: 'IL', zip: '60601' },
  { city: 'Denver', state: 'CO', zip: '80202' },
  { city: 'San Francisco', state: 'CA', zip: '94103' },
  { city: 'Anchorage', state: 'AK', zip: '99501' },
  { city: 'Honolulu', state: 'HI', zip: '96813' },
  { city: 'Hagatna', state: 'GU', zip: '96910' },
];

const PLAN: ReadonlyArray<Pick<SmokeDebtor, 'expect' | 'email' | 'phone'>> = [
  { expect: 'email-delivered', email: `success@${SES_SIMULATOR_DOMAIN}` },
  { expect: 'email-bounced', email: `bounce@${SES_SIMULATOR_DOMAIN}` },
  { expect: 'email-complained', email: `complaint@${SES_SIMULATOR_DOMAIN}` },
  { expect: 'sms-delivered', phone: SMS_SIMULATOR_NUMBERS.success },
];

export interface SmokeFixtureOptions {
  creditorId: string;
  /** The creditor's origination number: for a real stack, an End User Messaging simulator number the account owns. */
  originationNumber: string;
  /** The creditor's sender address; until its domain verifies, mail goes from the agency's domain under its name. */
  senderEmail: string;
  now: Date;
}

export function smokeFixture(options: SmokeFixtureOptions): SmokeFixture {
  const { creditorId, now } = options;
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const { place, at } = contactablePlace(now);
  const debtors = PLAN.map((plan, i) => {
    const ref = `SMOKE-${i + 1}`;
    return { ref, accountId: accountIdFor(creditorId, ref), ...plan };
  });
  const delinquent = new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 10);
  const header = 'account_ref,debtor_name,balance,currency,delinquency_date,email,phone,address_line1,city,state,zip,country,language';
  const rows = debtors.map((d, i) =>
    [
      d.ref,
      `Smoke Debtor ${i + 1}`,
      '100.00',
      'USD',
      delinquent,
      d.email ?? '',
      d.phone ?? '',
      '1 Test Way',
      place.city,
      place.state,
      place.zip,
      'US',
      'en',
    ].join(','),
  );
  return {
    creditorId,
    profile: {
      creditorId,
      brand: {
        name: 'Tactful Smoke Test',
        senderName: 'Tactful Smoke Test',
        senderEmail: options.senderEmail,
        supportPhone: '+1 800 555 0199',
        paymentUrl: 'https://example.com/pay',
        signOff: 'The Tactful smoke test',
      },
      smsOriginationNumber: options.originationNumber,
    },
    placementFile: `smoke-${stamp}.csv`,
    placementCsv: `${[header, ...rows].join('\n')}\n`,
    debtors,
    place,
    contactableAt: at,
  };
}

/** The first place where every channel may be used now; else the one that opens first. */
function contactablePlace(now: Date): { place: SmokePlace; at: Date } {
  let best: { place: SmokePlace; at: Date } | undefined;
  for (const place of PLACES) {
    const at = new Date(Math.max(opensAt('email', undefined, place, now), opensAt('sms', SMS_SIMULATOR_NUMBERS.success, place, now)));
    if (at.getTime() === now.getTime()) return { place, at };
    if (!best || at < best.at) best = { place, at };
  }
  return best!;
}

function opensAt(channel: ContactChannel, phone: string | undefined, place: SmokePlace, now: Date): number {
  const decision = evaluateContact({
    at: now.toISOString(),
    channel,
    address: { state: place.state, zip: place.zip },
    ...(phone ? { phone } : {}),
  });
  if (decision.allowed) return now.getTime();
  return decision.nextAllowedAt ? Date.parse(decision.nextAllowedAt) : Number.POSITIVE_INFINITY;
}
