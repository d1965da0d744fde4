// AWS's own simulators: addresses and numbers that a real account may send to without reaching a person, each with a
// known outcome. The offline stand-ins give them the same outcomes, so one fixture exercises both worlds.
// SES: https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html (mailbox simulator).
// End User Messaging SMS: https://docs.aws.amazon.com/sms-voice/latest/userguide/test-phone-numbers.html (US numbers).
export const SES_SIMULATOR = {
  success: 'success@simulator.amazonses.com',
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
} as const;

export const SMS_SIMULATOR = {
  success: '+14254147755',
  failure: '+14254147167',
} as const;
