// The compliance rules in one import. Each rule lives in its own module; see ARCHITECTURE.md, "Compliance rules".
export {
  compileContactRequest,
  evaluateContact,
  NEXT_ALLOWED_HORIZON_DAYS,
  type ContactChannel,
  type ContactDecision,
  type ContactPolicy,
  type ContactRequest,
} from './evaluate.ts';
export { parseContactRequest } from './request-schema.ts';
export { candidateTimeZones, debtorStates, US_TIME_ZONES } from './location.ts';
export { checkContactHours, nextContactTime, type ContactHoursCheck } from './contact-hours.ts';
export { CONTACT_WINDOW, CONVERSATION_WAIT_DAYS } from './engine.ts';
export { DEFAULT_CHANNEL_CAPS, STATE_FREQUENCY_CAPS, type CapRule } from './data/frequency-caps.ts';
export { validationNoticeDue, validationPeriod, type ValidationNoticeDue } from './validation-notice.ts';
export { timeBarredDisclosureRequired, type TimeBarredFlags } from './time-barred.ts';
export { isUsFederalHoliday } from './holidays.ts';
