// Send: check the rules again at the real send time, send once per touch id, record it, then listen for a reply.
import { mailable, type AccountRecord } from '../accounts/account.ts';
import { eventFromDraft, type Channel, type ContactStage, type EventDraft } from '../accounts/events.ts';
import { debtorContactOf } from '../accounts/contact-history.ts';
import { parseTouchId, type TouchRef } from '../accounts/touch-id.ts';
import { isCleared, type AccountState } from '../accounts/fold.ts';
import { checkSendAllowed, type MessagePurpose } from '../compliance/send-gate.ts';
import type { CreditorProfile } from '../creditors/profile.ts';
import type { CreditorSenders } from '../creditors/sending-identity.ts';
import {
  PermanentDeliveryError,
  type AccountStore,
  type CreditorStore,
  type EmailSender,
  type LetterSender,
  type LinkSigner,
  type SmsSender,
  type WorkflowPort,
} from '../ports.ts';
import { timeBarredDisclosureRequired, type TimeBarredFlags } from '../compliance/time-barred.ts';
import { validationPeriod } from '../compliance/validation-notice.ts';
import { lintValidationNotice } from '../templates/lint.ts';
import type { ValidationInfo } from '../templates/validation.ts';
import {
  creditorSender,
  renderMessage,
  type MessageContext,
  type RenderedEmail,
  type RenderedSms,
  type TemplateKind,
} from '../templates/render.ts';
import { replyAddressFor } from '../replies/reply-address.ts';
import { closingMessageDue, VALIDATION_NEEDS_EMAIL, validationNoticePending } from '../strategy/plan.ts';
import { answersPlanRequest, instalmentSchedule, owedFor } from '../strategy/payment-plan.ts';
import { strategyFor } from '../strategy/segments.ts';
import { loadAccount, requireProfile } from './load-account.ts';
import { parkOrWake } from './record-event.ts';
import { portalUrl } from '../portal/link.ts';
import { unsubscribeUrl } from './unsubscribe.ts';
import { ITEMIZATION_DOES_NOT_ADD_UP, LETTER_OUTCOME_UNKNOWN, mailValidationLetter, validationFigures } from './validation-letter.ts';

export interface AgencyIdentity {
  name: string;
  email: string;
  smsOrigination?: string;
  /** Mailing address: the validation notice names it, and written disputes go there. */
  address: string;
}

export interface SendDeps {
  store: AccountStore;
  creditors: CreditorStore;
  workflow: WorkflowPort;
  email: EmailSender;
  sms: SmsSender;
  /** Who a creditor's email is from: its own verified domain, else the agency's mail domain under its name. */
  senders: CreditorSenders;
  replyDomain: string;
  agency: AgencyIdentity;
  links: LinkSigner;
  /** The key behind reply-address tokens (shared/replies/reply-address.ts). */
  replySigner: LinkSigner;
  /** The one-click unsubscribe endpoint (a Function URL in AWS). */
  unsubscribeBaseUrl: string;
  /** Print and mail: the validation notice for a debtor the agency cannot email. Without it, such a debtor gets no text. */
  letters?: LetterSender;
  /** The debtor's page: when set, every message's payment link opens the account's page. */
  portalBaseUrl?: string;
  /** The key of the page's links (a key of its own). */
  pageLinks?: LinkSigner;
}

export interface SendInput {
  accountId: string;
  stage: ContactStage;
  touchId: string;
  channel: Channel;
  token: string;
}

export type SendResult = {
  status: 'sent' | 'already-sent' | 'claimed-elsewhere' | 'suppressed';
  reasons?: string[];
  callback: 'parked' | 'woken';
};

export async function sendTouch(deps: SendDeps, input: SendInput, now: Date): Promise<SendResult> {
  const touch = parseTouchId(input.touchId);
  if (!touch || touch.accountId !== input.accountId || touch.stage !== input.stage) {
    throw new Error(`Touch id ${input.touchId} does not belong to ${input.accountId} in ${input.stage}`);
  }
  const { record, state, version, events } = await loadAccount(deps.store, input.accountId);
  const alreadySent = events.some((e) => e.type === 'touch-sent' && e.touchId === input.touchId);
  if (alreadySent) {
    return { status: 'already-sent', callback: await parkOrWake(deps, input.accountId, input.token, version) };
  }

  const profile = await requireProfile(deps.creditors, record.creditorId);
  const kind = templateKindFor(touch, state, strategyFor(profile, state)[input.stage].maxTouches);
  const gate = checkSendAllowed(state, input.channel, debtorContactOf(record), now, {
    purpose: messagePurposeOf(kind, touch, state, now),
    ...(profile.policy.contact ? { policy: profile.policy.contact } : {}),
  });
  const address = input.channel === 'email' ? record.debtor.email : record.debtor.phone;
  if (!address) gate.reasons.push(`no-address:${input.channel}`);
  // The validation notice goes first: in the agency's first email, or by letter before its first text.
  const noticePending = validationNoticePending(state, input.stage) && kind !== 'thank-you' && kind !== 'survey';
  // After a cease request, the one notice it still allows goes alone: no letter asks for anything then.
  const letterFirst = noticePending && input.channel === 'sms' && kind !== 'cease-notice';
  const figures = noticePending ? validationFigures(record, state, events) : undefined;
  if (letterFirst && (!deps.letters || !mailable(record))) gate.reasons.push(VALIDATION_NEEDS_EMAIL);
  else if (letterFirst && state.validationLetter) gate.reasons.push(LETTER_OUTCOME_UNKNOWN);
  if (figures && lintValidationNotice({ ...figures, validationEndsOn: '' }).length > 0) gate.reasons.push(ITEMIZATION_DOES_NOT_ADD_UP);
  const origination = originationFor(input.stage, profile, deps.agency);
  if (input.channel === 'sms' && !origination) gate.reasons.push('no-sms-origination-identity');
  if (gate.reasons.length > 0) return suppress(deps, input, gate.reasons, now);

  const optOutUrl = await unsubscribeUrl(deps.links, deps.unsubscribeBaseUrl, input.touchId);
  const replyTo = await replyAddressFor(deps.replySigner, input.touchId, deps.replyDomain);
  const validation: ValidationInfo | undefined =
    figures && input.channel === 'email'
      ? {
          ...figures,
          validationEndsOn: validationPeriod(now, record.timeZones).validationEndsOn,
          disputeUrl: `mailto:${replyTo}?subject=dispute`,
          disputeAddress: deps.agency.address,
        }
      : undefined;
  const paymentUrl =
    deps.portalBaseUrl && deps.pageLinks
      ? await portalUrl(deps.pageLinks, deps.portalBaseUrl, input.accountId, now)
      : profile.brand.paymentUrl;
  const rendered = renderMessage(
    messageContext({ record, state, profile, deps, input, touch, kind, optOutUrl, paymentUrl, now, ...(validation ? { validation } : {}) }),
  );
  // Recorded before and after: a retried Send never sends twice. An attempt that started and neither finished nor
  // definitely failed may have reached the debtor, so it is not repeated (at most once beats twice).
  const attempts = events.filter((e) => e.type === 'touch-sending' && e.touchId === input.touchId).length;
  const failed = events.filter((e) => e.type === 'touch-send-failed' && e.touchId === input.touchId).length;
  if (attempts > failed) return suppress(deps, input, ['send-outcome-unknown'], now);
  const attempt = attempts + 1;
  // Who it is from is settled before the claim: a failure to learn it must leave the touch free to try again.
  const from = await emailFrom(deps, input, profile, now);
  // Our own records move the version one at a time; anything else in between is news and wakes the task at once.
  let seen: number | undefined = version;
  const recordOwn = async (draft: EventDraft): Promise<'recorded' | 'duplicate'> => {
    const result = await deps.store.appendEvent(eventFromDraft(input.accountId, now, draft));
    seen = seen !== undefined && result.status === 'recorded' && result.seq === seen + 1 ? result.seq : undefined;
    return result.status;
  };
  const claim = await recordOwn({
    type: 'touch-sending',
    touchId: input.touchId,
    channel: input.channel,
    attempt,
    key: `${input.touchId}:sending:${attempt}`,
  });
  // The attempt's event id is the claim: when Step Functions runs two Sends of one touch at once, only the Send whose
  // put recorded it may deliver. The other hands its token back, and Plan sees the claim.
  if (claim === 'duplicate')
    return { status: 'claimed-elsewhere', callback: await parkOrWake(deps, input.accountId, input.token, version) };
  if (letterFirst && deps.letters && figures) {
    const letter = await mailValidationLetter(
      { letters: deps.letters, agency: deps.agency },
      { record, state, events, creditorName: profile.brand.name, figures, now, recordOwn },
    ).catch(async (error: unknown) => {
      await recordSendFailed(deps, input, attempt, error, now);
      throw error;
    });
    if (letter === 'claimed-elsewhere') return suppress(deps, input, [LETTER_OUTCOME_UNKNOWN], now);
  }
  try {
    await deliver(deps, rendered, { input, from, address: address!, origination, optOutUrl, replyTo });
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) {
      // The provider answered with an error: nothing went out, and the workflow's retry may try again.
      if (providerAnswered(error)) await recordSendFailed(deps, input, attempt, error, now);
      throw error;
    }
    // The provider refused for good: record why, stop using the channel, and let Plan choose again at once.
    const fact: EventDraft =
      error.reason === 'opted-out-at-carrier'
        ? { type: 'opted-out', channel: input.channel, via: 'carrier', key: `${input.touchId}:carrier-opt-out` }
        : { type: 'channel-unreachable', channel: input.channel, reason: error.reason, key: `${input.touchId}:unreachable` };
    if (error.reason !== 'message-rejected') await deps.store.appendEvent(eventFromDraft(input.accountId, now, fact));
    return suppress(deps, input, [`permanent:${error.reason}`], now);
  }

  const sent: EventDraft = {
    type: 'touch-sent',
    touchId: input.touchId,
    stage: input.stage,
    channel: input.channel,
    template: rendered.template,
    key: `${input.touchId}:sent`,
  };
  await recordOwn(sent);
  return { status: 'sent', callback: await parkOrWake(deps, input.accountId, input.token, seen ?? version) };
}

/** An AWS SDK error that carries the provider's HTTP answer: the request was refused, not lost on the way. */
function providerAnswered(error: unknown): boolean {
  return typeof (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 'number';
}

/** Nothing went out for this attempt: the caps stop counting its claim, and a retry may try again. */
async function recordSendFailed(deps: SendDeps, input: SendInput, attempt: number, error: unknown, now: Date): Promise<void> {
  await deps.store.appendEvent(
    eventFromDraft(input.accountId, now, {
      type: 'touch-send-failed',
      touchId: input.touchId,
      channel: input.channel,
      attempt,
      error: error instanceof Error ? error.name : 'Error',
      key: `${input.touchId}:send-failed:${attempt}`,
    }),
  );
}

/** Records the touch as suppressed with its reasons, then resumes at once: Plan picks another way or another time. */
async function suppress(deps: SendDeps, input: SendInput, reasons: string[], now: Date): Promise<SendResult> {
  await deps.store.appendEvent(
    eventFromDraft(input.accountId, now, {
      type: 'touch-suppressed',
      touchId: input.touchId,
      stage: input.stage,
      channel: input.channel,
      reason: reasons.join(','),
      key: `${input.touchId}:${input.channel}:suppressed`,
    }),
  );
  await deps.workflow.resumeTask(input.token, { suppressed: true });
  return { status: 'suppressed', reasons, callback: 'woken' };
}

interface Delivery {
  input: SendInput;
  /** The email's sender (none for a text). */
  from: { fromName: string; fromAddress: string } | undefined;
  address: string;
  origination: string | undefined;
  optOutUrl: string;
  replyTo: string;
}

/** The stage's email identity: the agency after a hand-off, else the creditor (its own domain once verified). */
async function emailFrom(deps: SendDeps, input: SendInput, profile: CreditorProfile, now: Date): Promise<Delivery['from']> {
  if (input.channel !== 'email') return undefined;
  if (input.stage === 'ThirdParty') return { fromName: deps.agency.name, fromAddress: deps.agency.email };
  return deps.senders.fromFor(profile, now);
}

/** Hands the rendered message to the provider, under the stage's identity. */
async function deliver(deps: SendDeps, rendered: RenderedEmail | RenderedSms, d: Delivery): Promise<void> {
  if (rendered.channel === 'email') {
    await deps.email.sendEmail({
      to: d.address,
      ...d.from!,
      replyTo: d.replyTo,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      touchId: d.input.touchId,
      listUnsubscribe: d.optOutUrl,
    });
  } else {
    await deps.sms.sendSms({ to: d.address, originationIdentity: d.origination!, body: rendered.body, touchId: d.input.touchId });
  }
}

function originationFor(stage: ContactStage, profile: CreditorProfile, agency: AgencyIdentity): string | undefined {
  return stage === 'ThirdParty' ? agency.smsOrigination : profile.smsOriginationNumber;
}

interface MessageInputs {
  record: AccountRecord;
  state: AccountState;
  profile: CreditorProfile;
  deps: SendDeps;
  input: SendInput;
  touch: TouchRef;
  kind: TemplateKind;
  optOutUrl: string;
  /** The validation notice (Reg F 1006.34), in the agency's first email. */
  validation?: ValidationInfo;
  /** The account's page (or, without one, the creditor's payment page). */
  paymentUrl: string;
  now: Date;
}

/**
 * Which message a touch is: the closing thank-you or survey once paid; the one notice a cease request still allows;
 * a payment plan's reminder or missed-instalment note; otherwise the stage's own, a gentle "missed promise" after a
 * broken promise or plan, and a final notice last.
 */
export function templateKindFor(touch: TouchRef, state: AccountState, maxTouches: number): TemplateKind {
  const closing = isCleared(state) ? closingMessageDue(state) : undefined;
  if (closing) return closing;
  if (state.ceased) return 'cease-notice';
  if (touch.instalment) return touch.instalment.missed ? 'plan-missed' : 'plan-reminder';
  if (touch.stage === 'SoftReminder') return 'soft-reminder';
  if (touch.stage === 'Escalation') {
    const brokenAt = [state.promiseBrokenAt, state.paymentPlan?.brokenAt]
      .filter((at) => at !== undefined)
      .sort()
      .at(-1);
    const sentSince = brokenAt !== undefined && state.attempts.some((a) => a.status === 'sent' && a.at >= brokenAt);
    return brokenAt !== undefined && !sentSince ? 'missed-promise' : 'escalation';
  }
  return touch.touchNumber > 1 && touch.touchNumber >= maxTouches ? 'final-notice' : 'third-party';
}

function messageContext(m: MessageInputs): MessageContext {
  const { record, state, profile, deps, input } = m;
  const agency = input.stage === 'ThirdParty';
  return {
    kind: m.kind,
    channel: input.channel,
    ...(record.debtor.language ? { locale: record.debtor.language } : {}),
    touchNumber: m.touch.touchNumber,
    ...planValues(state, m.touch),
    sender: agency
      ? {
          kind: 'agency',
          name: deps.agency.name,
          email: deps.agency.email,
          address: deps.agency.address,
        }
      : creditorSenderLinkingTo(profile),
    creditorName: profile.brand.name,
    debtorFirstName: record.debtor.name.trim().split(/\s+/)[0] ?? record.debtor.name,
    // An overpaid account owes nothing: the message says so (the credit shows in the creditor's files, not here).
    balanceMinor: Math.max(0, state.balanceMinor),
    currency: record.currency,
    paymentUrl: m.paymentUrl,
    optOut: { emailUrl: m.optOutUrl },
    timeBarred: timeBarredDisclosureRequired(timeBarredFlagsOf(record), m.now),
    // The validation notice goes in the agency's first email; a dispute is one reply away.
    ...(m.validation ? { validation: m.validation } : {}),
    ...(profile.templates ? { overrides: profile.templates } : {}),
  };
}

/** The creditor's identity; its own payment page stays one of its link domains when messages link to the account's page. */
function creditorSenderLinkingTo(profile: CreditorProfile): ReturnType<typeof creditorSender> {
  const sender = creditorSender(profile);
  const paymentHost = URL.parse(profile.brand.paymentUrl)?.hostname;
  return paymentHost ? { ...sender, linkDomains: [...(sender.linkDomains ?? []), paymentHost] } : sender;
}

function messagePurposeOf(kind: TemplateKind, touch: TouchRef, state: AccountState, now: Date): MessagePurpose {
  if (kind === 'thank-you' || kind === 'survey') return 'closing';
  if (kind === 'cease-notice') return 'cease-notice';
  return touch.instalment && answersPlanRequest(state, touch.instalment, now) ? 'answer' : 'collection';
}

/** A plan message names its instalment's due date and what is owed for it now (arrears included). */
function planValues(state: AccountState, touch: TouchRef): Pick<MessageContext, 'plan'> {
  const plan = state.paymentPlan;
  const instalment = plan && touch.instalment && instalmentSchedule(plan)[touch.instalment.number - 1];
  if (!plan || !instalment) return {};
  return { plan: { installmentMinor: Math.max(1, owedFor(state, plan, instalment)), dueOn: instalment.dueOn } };
}

/** The creditor marks time-barred debt with placement columns, kept as attributes. */
function timeBarredFlagsOf(record: AccountRecord): TimeBarredFlags {
  const yes = (value: string | undefined): boolean => ['true', 'yes', 'y', '1'].includes((value ?? '').trim().toLowerCase());
  const endsOn = record.attributes.statute_of_limitations_ends_on?.trim();
  return {
    timeBarred: yes(record.attributes.time_barred) || yes(record.attributes.out_of_statute),
    ...(endsOn ? { statuteOfLimitationsEndsOn: endsOn } : {}),
  };
}
