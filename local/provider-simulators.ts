// AWS's own simulators, offline: what SES reports for a mail to its mailbox simulator, and what End User Messaging
// reports for a text to one of its destination simulator numbers. Any other address or number gets no report offline,
// as if its events were not published, so a run's other accounts are untouched.
//   SES: https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html (mailbox simulator)
//   SMS: https://docs.aws.amazon.com/sms-voice/latest/userguide/test-phone-numbers.html
import type { SesNotice } from '../shared/usecases/record-delivery-event.ts';

export const SES_SIMULATOR_DOMAIN = 'simulator.amazonses.com';

/** One report a provider makes, and how long after the send it arrives. */
export interface SimulatedReport<T> {
  afterMs: number;
  report: T;
}

export type SesSimulatedEvent = Pick<SesNotice, 'eventType' | 'bounce' | 'complaint'>;

const SECONDS = 1000;
const delivered: SimulatedReport<SesSimulatedEvent> = { afterMs: 5 * SECONDS, report: { eventType: 'Delivery' } };

/** The mailbox simulator's addresses (a `+label` after the name is allowed) and the events SES publishes for each. */
const SES_SIMULATOR: Readonly<Record<string, ReadonlyArray<SimulatedReport<SesSimulatedEvent>>>> = {
  success: [delivered],
  bounce: [{ afterMs: 5 * SECONDS, report: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General' } } }],
  // Delivered; the out-of-office answer goes to the sender's address and is not an event.
  ooto: [delivered],
  complaint: [delivered, { afterMs: 60 * SECONDS, report: { eventType: 'Complaint', complaint: { complaintFeedbackType: 'abuse' } } }],
  // As if the address were on SES's global suppression list: a hard bounce that SES makes itself.
  suppressionlist: [
    { afterMs: 1 * SECONDS, report: { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'Suppressed' } } },
  ],
};

export function sesSimulatorReports(address: string): ReadonlyArray<SimulatedReport<SesSimulatedEvent>> {
  const [local = '', domain = ''] = address.toLowerCase().split('@');
  if (domain !== SES_SIMULATOR_DOMAIN) return [];
  return SES_SIMULATOR[local.split('+')[0]!] ?? [];
}

/**
 * The United States destination simulator numbers. AWS documents one success and one failure number per country;
 * which failure event the failure number reports is not documented: offline it reports the number unreachable.
 */
export const SMS_SIMULATOR_NUMBERS = { success: '+14254147755', failure: '+14254147167' } as const;

export function smsSimulatorReports(phone: string): ReadonlyArray<SimulatedReport<string>> {
  if (phone === SMS_SIMULATOR_NUMBERS.success) return [{ afterMs: 5 * SECONDS, report: 'TEXT_DELIVERED' }];
  if (phone === SMS_SIMULATOR_NUMBERS.failure) return [{ afterMs: 5 * SECONDS, report: 'TEXT_UNREACHABLE' }];
  return [];
}
