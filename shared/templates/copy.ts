// The words of every message, per stage and channel. Plain, warm and never accusatory: no threats, no talk of courts
// or credit damage, no "delinquent". Each stage is a little clearer than the one before, and every message makes it
// easy to pay, to ask for help or a plan, and to say that something is wrong.
//
// Values arrive already cleaned to a single line (see render.ts); HTML escaping happens when the email is rendered,
// so these strings are plain text.
import type { ContactStage } from '../accounts/events.ts';

export interface CopyValues {
  stage: ContactStage;
  touchNumber: number;
  senderName: string;
  signOff: string;
  supportPhone?: string;
  creditorName: string;
  firstName: string;
  balance: string;
}

export interface EmailCopy {
  subject: string;
  greeting: string;
  /** Paragraphs before the payment button. */
  intro: string[];
  cta: string;
  /** Paragraphs after the payment button. */
  outro: string[];
  /** The debt-collector disclosure (ThirdParty only). */
  disclosure?: string;
  /** Why the debtor gets this email; precedes the unsubscribe link. */
  footer: string;
}

/**
 * SMS variants for one touch, richest first; the renderer picks the first that fits. The message is
 * `before + ' ' + paymentUrl + after + ' ' + optOut`: nothing sticks to the URL, so phones link it cleanly.
 */
export type SmsCopy = { before: string; after: string }[];

export function greeting(firstName: string): string {
  return firstName === '' ? 'Hello,' : `Hi ${firstName},`;
}

function reachUs(phone: string | undefined, how: 'email' | 'sms'): string {
  const reply = how === 'email' ? 'reply to this email' : 'reply here';
  return phone === undefined ? reply : `${reply} or call ${phone}`;
}

/** Required by Reg F 1006.18(e): the full statement in the first message, the short one after. */
export function debtCollectorDisclosure(touchNumber: number, channel: 'email' | 'sms'): string {
  if (touchNumber === 1) {
    return channel === 'email'
      ? 'We are required to let you know that this is a communication from a debt collector. It is an attempt to collect a debt, and any information you share with us will be used for that purpose.'
      : 'This is from a debt collector attempting to collect a debt; information obtained will be used for that purpose.';
  }
  return 'This is a communication from a debt collector.';
}

export function emailCopy(v: CopyValues): EmailCopy {
  const followUp = v.touchNumber > 1;
  switch (v.stage) {
    case 'SoftReminder':
      return {
        subject: followUp
          ? `Following up on your ${v.senderName} balance`
          : `A quick reminder about your ${v.senderName} account`,
        greeting: greeting(v.firstName),
        intro: [
          followUp
            ? `We're just following up on the balance of ${v.balance} on your ${v.senderName} account. It may have slipped your mind, and that happens to all of us.`
            : `This is a friendly reminder that your ${v.senderName} account has a balance of ${v.balance}. It may have slipped your mind, and that happens to all of us.`,
          'You can pay securely online in a couple of minutes.',
        ],
        cta: 'Make a payment',
        outro: [
          `If you've already paid, thank you, and please ignore this message. If you have a question, just ${reachUs(v.supportPhone, 'email')}.`,
        ],
        footer: `You're receiving this email about your ${v.senderName} account.`,
      };
    case 'Escalation':
      return {
        subject: followUp
          ? `We're here to help with your ${v.senderName} balance`
          : `Let's sort out your ${v.senderName} balance together`,
        greeting: greeting(v.firstName),
        intro: [
          `We've been in touch about the balance of ${v.balance} on your ${v.senderName} account, and we'd like to help you settle it.`,
          `If paying it all at once is hard right now, you're not alone. We can set up a payment plan that fits your budget: just ${reachUs(v.supportPhone, 'email')} and we'll work it out with you.`,
          "If you're ready to pay, you can do it online:",
        ],
        cta: 'Pay online',
        outro: [
          "If you've already paid, or something doesn't look right, let us know and we'll look into it.",
        ],
        footer: `You're receiving this email about your ${v.senderName} account.`,
      };
    case 'ThirdParty':
      return {
        subject: followUp
          ? `Following up about your ${v.creditorName} account`
          : `About your ${v.creditorName} account`,
        greeting: greeting(v.firstName),
        intro: [
          `We're ${v.senderName}, and we're writing about your account with ${v.creditorName}, the original creditor. ${v.creditorName} has asked us to help resolve the balance of ${v.balance}.`,
          "We know money can be tight. We'd like to find an option that works for you, whether that's paying in full, a payment plan, or talking it through first.",
        ],
        cta: 'See your options',
        outro: [
          `Questions? Just ${reachUs(v.supportPhone, 'email')}. If you believe you don't owe this, or you've already paid, let us know and we'll look into it.`,
        ],
        disclosure: debtCollectorDisclosure(v.touchNumber, 'email'),
        footer: `You're receiving this email from ${v.senderName} about your ${v.creditorName} account.`,
      };
  }
}

export function smsCopy(v: CopyValues): SmsCopy {
  const followUp = v.touchNumber > 1;
  const hi = greeting(v.firstName);
  switch (v.stage) {
    case 'SoftReminder': {
      const lead = followUp
        ? `just following up on your balance of ${v.balance}, in case it slipped your mind.`
        : `a friendly reminder that your balance of ${v.balance} may have slipped your mind.`;
      return [
        { before: `${v.senderName}: ${hi} ${lead} You can pay anytime at`, after: ` Questions? ${cap(reachUs(v.supportPhone, 'sms'))}.` },
        { before: `${v.senderName}: ${hi} ${lead} You can pay anytime at`, after: ' Questions? Reply here.' },
        { before: `${v.senderName}: ${lead} Pay at`, after: '' },
      ];
    }
    case 'Escalation': {
      const lead = `we'd like to help you settle your ${v.balance} balance.`;
      return [
        {
          before: `${v.senderName}: ${hi} ${lead} Pay at`,
          after: ` or ${reachUs(v.supportPhone, 'sms')} to set up a payment plan that works for you.`,
        },
        { before: `${v.senderName}: ${hi} ${lead} Pay at`, after: ' or reply here to ask about a payment plan.' },
        { before: `${v.senderName}: ${lead} Pay at`, after: ' or reply for a plan.' },
      ];
    }
    case 'ThirdParty': {
      const disclosure = debtCollectorDisclosure(v.touchNumber, 'sms');
      const about = `about your ${v.creditorName} account (original creditor), balance ${v.balance}.`;
      return [
        {
          before: `${hi} this is ${v.senderName} ${about} We can help, including a payment plan:`,
          after: ` or ${reachUs(v.supportPhone, 'sms')}. ${disclosure}`,
        },
        { before: `${hi} this is ${v.senderName} ${about} Options:`, after: ` or reply here. ${disclosure}` },
        {
          before: `${hi} ${v.senderName} here re your ${v.creditorName} account (original creditor), ${v.balance}:`,
          after: ` ${disclosure}`,
        },
        {
          before: `${v.senderName} re ${v.creditorName} account (original creditor), ${v.balance}:`,
          after: ` ${disclosure}`,
        },
      ];
    }
  }
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
