// Our English templates. Warm, plain and short: no guilt, no threats, no shouting. Each one makes paying, asking for a
// plan, saying something is wrong and opting out one step away. Disclosures are placeholders: the code fills them in.
import type { TemplateSet } from '../types.ts';

const p = (...paragraphs: string[]) => paragraphs.join('\n\n');

/** The closing every email shares: sign-off, then the disclosures that apply, then the opt-out. */
const CLOSING = ['{{signOff}}', '{{debtCollectorDisclosure}}', '{{timeBarredDisclosure}}', '{{validationNotice}}', '{{optOut}}'];
const CLOSING_CREDITOR = ['{{signOff}}', '{{timeBarredDisclosure}}', '{{optOut}}'];
const CLOSING_NO_ASK = ['{{signOff}}', '{{debtCollectorDisclosure}}', '{{optOut}}'];

export const EN: TemplateSet = {
  'soft-reminder': {
    email: {
      subject: 'A friendly reminder about your {{senderName}} account',
      text: p(
        '{{greeting}}',
        'Just a friendly reminder that your {{senderName}} account has a balance of {{balance}}. Bills are easy to miss, and it happens to all of us.',
        'You can pay securely online in a couple of minutes:',
        '[Make a payment]({{paymentUrl}})',
        "If you've already paid, thank you, and please disregard this message. If now isn't a good time, or something doesn't look right, just {{howToReach}}. We're happy to help.",
        ...CLOSING_CREDITOR,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} a friendly reminder that your balance of {{balance}} may have slipped your mind. You can pay anytime at {{paymentUrl}} Questions or need more time? Just reply. {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  escalation: {
    email: {
      subject: "Let's sort out your {{senderName}} balance together",
      text: p(
        '{{greeting}}',
        "We've been in touch about the balance of {{balance}} on your {{senderName}} account, and we'd like to help you settle it.",
        "If paying it all at once is hard right now, you're not alone. We can set up a payment plan that fits your budget. Just {{howToReach}} and we'll work it out with you.",
        "If you'd rather pay now, you can do it online:",
        '[Pay online]({{paymentUrl}})',
        "If you've already paid, or something doesn't look right, let us know and we'll look into it.",
        ...CLOSING_CREDITOR,
      ),
    },
    sms: {
      body: "{{senderName}}: {{greeting}} we'd like to help you settle your {{balance}} balance. Pay at {{paymentUrl}} or reply here to set up a payment plan that works for you. {{timeBarredDisclosure}} {{optOut}}",
    },
  },
  'missed-promise': {
    email: {
      subject: 'Checking in about your planned payment',
      text: p(
        '{{greeting}}',
        "We didn't see the payment you planned to make toward your {{creditorName}} balance of {{balance}}. Plans change, and that's okay.",
        "When you're ready, you can pay online:",
        '[Make a payment]({{paymentUrl}})',
        "If another date or a smaller amount would work better, just {{howToReach}} and we'll find one together. If you've already paid, thank you, and please disregard this message.",
        ...CLOSING,
      ),
    },
    sms: {
      body: "{{senderName}}: {{greeting}} we didn't see the payment you planned toward your {{balance}} balance, and that's okay. Pay when you're ready at {{paymentUrl}} or reply to pick a new date. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}",
    },
  },
  'plan-reminder': {
    email: {
      subject: 'Your next plan payment is coming up',
      text: p(
        '{{greeting}}',
        'A quick reminder that the next payment of {{installmentAmount}} on your {{creditorName}} payment plan is due on {{installmentDueDate}}. Thank you for keeping up with your plan.',
        '[Make this payment]({{paymentUrl}})',
        "Your remaining balance is {{balance}}. If the date no longer works for you, just {{howToReach}} and we'll find a new one together.",
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} your next plan payment of {{installmentAmount}} is due {{installmentDueDate}}. Pay at {{paymentUrl}} Need a different date? Just reply. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'plan-missed': {
    email: {
      subject: 'About your plan payment',
      text: p(
        '{{greeting}}',
        "We haven't seen the plan payment of {{installmentAmount}} that was due on {{installmentDueDate}}. That's okay, these things happen, and your {{creditorName}} payment plan is still in place.",
        '[Make this payment]({{paymentUrl}})',
        "If the amount or the date no longer works for you, just {{howToReach}} and we'll adjust it together. If you've already paid, thank you, and please disregard this message.",
        ...CLOSING,
      ),
    },
    sms: {
      body: "{{senderName}}: {{greeting}} we haven't seen your plan payment of {{installmentAmount}} due {{installmentDueDate}}. No worries, your plan is still on. Pay at {{paymentUrl}} or reply to pick a new date. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}",
    },
  },
  'third-party': {
    email: {
      subject: 'About your {{creditorName}} account',
      text: p(
        '{{greeting}}',
        "We're {{senderName}}, and we're writing about your account with {{creditorName}}, the original creditor. {{creditorName}} has asked us to help resolve the balance of {{balance}}.",
        "We know money can be tight. We'd like to find an option that works for you, whether that's paying in full, a payment plan, or talking it through first.",
        '[See your options]({{paymentUrl}})',
        "Questions? Just {{howToReach}}. If you believe you don't owe this, or you've already paid, tell us and we'll look into it.",
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{greeting}} this is {{senderName}} about your {{creditorName}} account (original creditor), balance {{balance}}. See your options, including a payment plan: {{paymentUrl}} {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'final-notice': {
    email: {
      subject: 'Our last reminder about your {{creditorName}} balance',
      text: p(
        '{{greeting}}',
        "We haven't heard from you about the balance of {{balance}} on your {{creditorName}} account, so this is our last reminder about it for now.",
        "We'd still like to help you settle it in a way that works for you: pay online, set up a payment plan, or just talk it through with us.",
        '[See your options]({{paymentUrl}})',
        "If something doesn't look right, or you've already paid, just {{howToReach}} and we'll look into it.",
        ...CLOSING,
      ),
    },
    sms: {
      body: "{{senderName}}: {{greeting}} this is our last reminder for now about your {{balance}} balance. We'd still like to help: pay at {{paymentUrl}} or reply to set up a plan. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}",
    },
  },
  'cease-notice': {
    email: {
      subject: "We've stopped contacting you, as you asked",
      text: p(
        '{{greeting}}',
        "We received your request to stop contacting you about your {{creditorName}} account, and we will. This is the last message you'll get from us about it.",
        'If you ever want to talk, to ask a question or to settle the account, you can {{howToReach}} at any time.',
        ...CLOSING_NO_ASK,
      ),
    },
    sms: {
      body: "{{senderName}}: {{greeting}} as you asked, we've stopped contacting you about your {{creditorName}} account. This is our last message. You can still reach us anytime. {{debtCollectorDisclosure}} {{optOut}}",
    },
  },
  'thank-you': {
    email: {
      subject: 'Thank you for your payment',
      text: p(
        '{{greeting}}',
        'Thank you for your payment on your {{creditorName}} account. We really appreciate it.',
        'Your balance is now {{balance}}.',
        'If you have any questions, just {{howToReach}}.',
        ...CLOSING_NO_ASK,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} thank you for your payment! Your {{creditorName}} balance is now {{balance}}. Questions? Just reply. {{debtCollectorDisclosure}} {{optOut}}',
    },
  },
  survey: {
    email: {
      subject: 'One quick question',
      text: p(
        '{{greeting}}',
        "Thank you for working with us on your {{creditorName}} account. We'd love to know how we did.",
        'How easy was it to sort things out with us? Just reply to this email with one number from 1 to 5: 1 means very hard, 5 means very easy.',
        "That's the only question. Your answer helps us do better for everyone.",
        ...CLOSING_NO_ASK,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} thanks for working with us. One quick question: how easy was it to sort things out with us? Reply with a number from 1 (very hard) to 5 (very easy). {{debtCollectorDisclosure}} {{optOut}}',
    },
  },
};
