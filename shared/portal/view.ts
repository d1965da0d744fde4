// What the debtor's page shows and offers, decided from the account's events alone (pure): under the creditor's brand
// before the hand-off and the agency's after, never the debtor's contact details. The actions it offers are those the
// account's state allows; the use case checks the same again when a form comes back.
import type { AccountRecord } from '../accounts/account.ts';
import type { AccountEvent, InconvenientTime } from '../accounts/events.ts';
import { activePlan, type AccountState } from '../accounts/fold.ts';
import { validationPeriod } from '../compliance/validation-notice.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import { formatMoney } from '../money.ts';
import { instalmentSchedule, offerPlan, owedFor, paymentPlanTermsOf } from '../strategy/payment-plan.ts';
import { brandColors, type LayoutBrand } from '../templates/layout.ts';
import { formatDate, formattingLocale, type Locale } from '../templates/locale.ts';
import { STRINGS } from '../templates/strings.ts';
import { validationNotices, type Notice } from '../templates/validation.ts';
import type { AgencyIdentity } from '../usecases/send-touch.ts';
import type { PortalAction } from './copy.ts';

export interface PlanOption {
  option: 'standard' | 'hardship';
  instalments: number;
  instalmentMinor: number;
  firstDueOn: string;
  intervalDays: number;
}

export interface PortalView {
  locale: Locale;
  /** The Intl locale amounts and dates are written in. */
  intl: string;
  brand: LayoutBrand & { kind: 'creditor' | 'agency'; contact?: string };
  /** The disclosures the page carries: the debt-collector statement after the hand-off, the time-barred one when due. */
  disclosures: string[];
  creditorName: string;
  maskedAccount: string;
  balanceMinor: number;
  currency: string;
  status: 'open' | 'held' | 'closed';
  payments: Array<{ on: string; amountMinor: number }>;
  /** After the hand-off: the validation notice (Reg F 1006.34), with the date to dispute by. */
  validation?: { notices: Notice[]; disputeBy: string };
  planOptions: PlanOption[];
  plan?: { instalments: number; instalmentMinor: number; nextDueOn: string } | { requested: true };
  promiseDate?: string;
  disputed: boolean;
  inconvenientTimes: InconvenientTime[];
  /** The channels there is an address for (never the address), and whether the debtor opted out of each. */
  channels: Array<{ channel: 'email' | 'sms'; optedOut: boolean }>;
  /** Whether the creditor takes payments through Tactful's checkout (else its own payment page). */
  checkout: boolean;
  actions: ReadonlySet<PortalAction>;
}

export interface PortalFacts {
  record: AccountRecord;
  state: AccountState;
  events: readonly AccountEvent[];
  profile: CreditorProfile;
  agency: AgencyIdentity;
  now: Date;
  locale: Locale;
}

const RECENT_PAYMENTS = 5;

/** The creditor's account number, down to its last four characters. */
export function maskedAccount(accountRef: string): string {
  const tail = accountRef.replace(/\s+/g, '').slice(-4);
  return `••••${tail}`;
}

export function portalView(f: PortalFacts): PortalView {
  const { record, state, profile, now, locale } = f;
  const intl = formattingLocale(locale === 'es' ? (record.debtor.language ?? 'es') : 'en', record.currency);
  const agency = state.stage === 'ThirdParty';
  const brand = agency ? agencyBrand(f.agency) : creditorBrand(profile);
  const closed = state.status === 'resolved' || state.balanceMinor <= 0;
  const held = state.disputed || state.ceased || state.recalled || state.hardStop !== undefined;
  const plan = activePlan(state);
  const actions = new Set<PortalAction>();
  if (!closed) {
    actions.add('contact-times').add('channels');
    if (!state.recalled && state.hardStop === undefined) actions.add('pay');
    if (!state.disputed && !state.recalled && state.hardStop === undefined) actions.add('dispute');
    if (agency) actions.add('original-creditor');
    if (!held && !plan && state.planRequestedAt === undefined) actions.add('plan');
    if (!held && !plan) actions.add('promise');
  }
  return {
    locale,
    intl,
    brand,
    disclosures: agency ? [STRINGS[locale].debtCollectorFull('email')] : [],
    creditorName: profile.brand.name,
    maskedAccount: maskedAccount(record.accountRef),
    balanceMinor: Math.max(0, state.balanceMinor),
    currency: record.currency,
    status: closed ? 'closed' : held ? 'held' : 'open',
    payments: f.events
      .filter((e): e is Extract<AccountEvent, { type: 'payment-received' }> => e.type === 'payment-received')
      .slice(-RECENT_PAYMENTS)
      .reverse()
      .map((e) => ({ on: e.at.slice(0, 10), amountMinor: e.amountMinor })),
    ...(agency && !closed ? { validation: validationOf(f) } : {}),
    planOptions: actions.has('plan') ? planOptions(state, profile, record.currency, now) : [],
    ...planStatus(state),
    ...(state.promise ? { promiseDate: state.promise.date } : {}),
    disputed: state.disputed,
    inconvenientTimes: state.inconvenientTimes,
    channels: (['email', 'sms'] as const)
      .filter((c) => (c === 'email' ? record.debtor.email : record.debtor.phone) && !state.unreachable[c])
      .map((channel) => ({ channel, optedOut: state.optedOut[channel] })),
    checkout: profile.payments?.stripeAccountId !== undefined,
    actions,
  };
}

function creditorBrand(profile: CreditorProfile): PortalView['brand'] {
  const b = profile.brand;
  const contact = b.supportPhone ?? b.senderEmail;
  return {
    kind: 'creditor',
    name: b.name,
    colors: brandColors(b.colors, 'brand.colors'),
    ...(b.logoUrl ? { logoUrl: b.logoUrl } : {}),
    ...(b.postalAddress ? { postalAddress: b.postalAddress } : {}),
    contact,
  };
}

function agencyBrand(agency: AgencyIdentity): PortalView['brand'] {
  return {
    kind: 'agency',
    name: agency.name,
    colors: brandColors(undefined, 'agency.colors'),
    postalAddress: agency.address,
    contact: agency.email,
  };
}

/** The plans the creditor's policy offers this balance, as the planner would agree them today. */
function planOptions(state: AccountState, profile: CreditorProfile, currency: string, now: Date): PlanOption[] {
  const terms = paymentPlanTermsOf(profile.policy.paymentPlan, currency);
  const options: PlanOption[] = [];
  for (const option of ['standard', 'hardship'] as const) {
    const draft = offerPlan({ ...state, hardship: option === 'hardship' }, terms, now);
    if (draft.type !== 'plan-agreed') continue;
    // A longer plan only where the policy and the balance make one.
    if (option === 'hardship' && draft.instalments <= (options[0]?.instalments ?? 0)) continue;
    const { instalments, instalmentMinor, firstDueOn, intervalDays } = draft;
    options.push({ option, instalments, instalmentMinor, firstDueOn, intervalDays });
  }
  return options;
}

function planStatus(state: AccountState): Pick<PortalView, 'plan'> {
  const plan = activePlan(state);
  if (plan) {
    const next = instalmentSchedule(plan).find((i) => owedFor(state, plan, i) > 0);
    return next ? { plan: { instalments: plan.instalments, instalmentMinor: plan.instalmentMinor, nextDueOn: next.dueOn } } : {};
  }
  return state.planRequestedAt !== undefined && !state.disputed ? { plan: { requested: true } } : {};
}

/** The validation notice as the agency's first email gave it, with the period counted from that email. */
function validationOf(f: PortalFacts): NonNullable<PortalView['validation']> {
  const { record, state, locale } = f;
  const first = f.events.find((e) => e.type === 'touch-sent' && e.stage === 'ThirdParty');
  const { validationEndsOn } = validationPeriod(first ? new Date(first.at) : f.now, record.timeZones);
  const currentMinor = Math.max(0, state.balanceMinor);
  const notices = validationNotices(
    {
      itemizationDate: record.delinquencyDate,
      amountOnItemizationMinor: currentMinor + state.collectedMinor,
      interestMinor: 0,
      feesMinor: 0,
      paymentsMinor: state.collectedMinor,
      creditsMinor: 0,
      currentMinor,
      validationEndsOn,
      disputeAddress: f.agency.address,
      accountNumber: maskedAccount(record.accountRef),
    },
    {
      collectorName: f.agency.name,
      collectorAddress: f.agency.address.replace(/\n/g, ', '),
      collectorEmail: f.agency.email,
      creditorName: f.profile.brand.name,
    },
    locale,
    record.currency,
    (lang) => formattingLocale(lang, record.currency),
  );
  return { notices, disputeBy: formatDate(validationEndsOn, formattingLocale(locale, record.currency), 'validationEndsOn') };
}

export function money(view: Pick<PortalView, 'currency' | 'intl'>, minor: number): string {
  return formatMoney(minor, view.currency, view.intl);
}
