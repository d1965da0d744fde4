// The auditor: replays what a simulation sent against the contact rules, from the placement file, the outbox, the
// debtors' own replies and what they did on their page only: independently of the planner's bookkeeping. Every
// violation is listed.
import { parseInconvenientTimes, type DebtorContact } from '../../shared/accounts/contact-history.ts';
import { isConversation } from '../../shared/accounts/conversation.ts';
import type { Channel, InconvenientTime } from '../../shared/accounts/events.ts';
import { evaluateContact, type ContactRequest } from '../../shared/compliance/evaluate.ts';
import { parseCsv } from '../../shared/placements/csv.ts';
import { validatePlacementRow } from '../../shared/placements/validate-row.ts';
import { classifyReply } from '../../shared/replies/classify.ts';

export interface OutboxRecord {
  at: string;
  accountRef: string;
  channel: Channel;
  status: 'sent' | 'suppressed';
  touchId?: string;
}

export interface ReplyRecord {
  at: string;
  accountRef: string;
  channel: Channel;
  text: string;
}

/** A creditor instruction, as the creditor sent it (the facts about an account that do not come from the debtor). */
export interface InstructionRecord {
  at: string;
  accountRef: string;
  action: string;
}

/** What a debtor did on the debtor's page and the page took: a dispute, or times not to be contacted. */
export interface PageRecord {
  at: string;
  accountRef: string;
  visit: { action: string; days?: number[]; from?: string; to?: string };
  outcome: { done?: string };
}

export interface Violation {
  accountRef: string;
  at: string;
  channel: Channel;
  touchId?: string;
  reasons: string[];
}

export interface AuditResult {
  checked: number;
  violations: Violation[];
}

type Debtor = DebtorContact;

export function auditOutbox(
  placementsCsv: string,
  outbox: readonly OutboxRecord[],
  replies: readonly ReplyRecord[],
  instructions: readonly InstructionRecord[] = [],
  pages: readonly PageRecord[] = [],
): AuditResult {
  const debtors = debtorsOf(placementsCsv);
  const sent = outbox.filter((o) => o.status === 'sent').sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const violations: Violation[] = [];
  for (const message of sent) {
    const debtor = debtors.get(message.accountRef);
    if (!debtor) {
      violations.push({ ...pick(message), reasons: ['unknown-account'] });
      continue;
    }
    const before = (at: string): boolean => at < message.at;
    const theirReplies = replies.filter((r) => r.accountRef === message.accountRef && before(r.at));
    const onPage = pages.filter((p) => p.accountRef === message.accountRef && before(p.at) && p.outcome.done === p.visit.action);
    // The placement's inconvenient times and those the debtor added on the page since.
    const inconvenientTimes = [...(debtor.inconvenientTimes ?? []), ...onPage.flatMap(spanOf)];
    const request: ContactRequest = {
      at: message.at,
      channel: message.channel,
      ...(debtor.address ? { address: debtor.address } : {}),
      ...(debtor.phone ? { phone: debtor.phone } : {}),
      ...(inconvenientTimes.length > 0 ? { inconvenientTimes } : {}),
      history: [
        ...sent
          .filter((s) => s.accountRef === message.accountRef && before(s.at))
          .map((s) => ({ at: s.at, channel: s.channel, kind: 'sent' as const })),
        ...theirReplies.flatMap((r) =>
          isConversation(intentOf(r)) ? [{ at: r.at, channel: r.channel, kind: 'conversation' as const }] : [],
        ),
      ],
      flags: flagsFrom(
        theirReplies,
        instructions.filter((i) => i.accountRef === message.accountRef && before(i.at)),
        onPage,
      ),
    };
    const decision = evaluateContact(request);
    if (!decision.allowed) violations.push({ ...pick(message), reasons: decision.reasons });
  }
  return { checked: sent.length, violations };
}

function pick(message: OutboxRecord): Omit<Violation, 'reasons'> {
  return {
    accountRef: message.accountRef,
    at: message.at,
    channel: message.channel,
    ...(message.touchId ? { touchId: message.touchId } : {}),
  };
}

/** The intent of a reply; the zone only matters for promise dates, which the audit does not use. */
function intentOf(reply: ReplyRecord) {
  return classifyReply(reply.text, { channel: reply.channel, receivedAt: new Date(reply.at), timeZone: 'UTC' }).intent;
}

/**
 * Replies and creditor instructions in order: STOP opts out of its channel, START opts back in; cease holds for good; a
 * dispute holds until the creditor verifies the debt; a withdrawal, a recall or a notice ends contact.
 */
function flagsFrom(
  replies: readonly ReplyRecord[],
  instructions: readonly InstructionRecord[],
  pages: readonly PageRecord[],
): NonNullable<ContactRequest['flags']> {
  const optedOut = new Set<Channel>();
  const flags = { ceased: false, disputed: false, recalled: false, bankrupt: false, attorney: false, deceased: false };
  const facts = [
    ...replies.map((r) => ({ at: r.at, reply: r })),
    ...instructions.map((i) => ({ at: i.at, action: i.action })),
    // A dispute on the page holds as a disputing reply does.
    ...pages.filter((p) => p.visit.action === 'dispute').map((p) => ({ at: p.at, action: 'page-dispute' })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const fact of facts) {
    if ('reply' in fact && fact.reply) {
      const intent = intentOf(fact.reply);
      if (intent === 'stop') optedOut.add(fact.reply.channel);
      if (intent === 'start') optedOut.delete(fact.reply.channel);
      if (intent === 'cease') flags.ceased = true;
      if (intent === 'dispute') flags.disputed = true;
      continue;
    }
    switch ('action' in fact ? fact.action : '') {
      case 'page-dispute':
        flags.disputed = true;
        break;
      case 'dispute-verified':
        flags.disputed = false;
        break;
      case 'dispute-withdrawn':
      case 'recall':
        flags.recalled = true;
        break;
      case 'bankruptcy':
        flags.bankrupt = true;
        break;
      case 'attorney':
        flags.attorney = true;
        break;
      case 'deceased':
        flags.deceased = true;
        break;
    }
  }
  return { optedOut: [...optedOut], ...flags };
}

function spanOf(page: PageRecord): InconvenientTime[] {
  const { action, days, from, to } = page.visit;
  if (action !== 'contact-times' || !from || !to) return [];
  return [{ ...(days && days.length > 0 ? { daysOfWeek: days } : {}), from, to }];
}

function debtorsOf(placementsCsv: string): Map<string, Debtor> {
  const debtors = new Map<string, Debtor>();
  for (const { line, values } of parseCsv(placementsCsv).records) {
    const checked = validatePlacementRow(values, line, new Date('2100-01-01T00:00:00Z'));
    if (!checked.ok) continue;
    const { address, phone, attributes } = checked.row;
    const inconvenient = parseInconvenientTimes(attributes.inconvenient_times ?? '');
    debtors.set(checked.row.accountRef, {
      ...(address?.state || address?.zip
        ? { address: { ...(address.state ? { state: address.state } : {}), ...(address.zip ? { zip: address.zip } : {}) } }
        : {}),
      ...(phone ? { phone } : {}),
      ...(inconvenient.length > 0 ? { inconvenientTimes: inconvenient } : {}),
    });
  }
  return debtors;
}
