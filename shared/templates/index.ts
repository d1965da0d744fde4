// Message templates: the public API in one place. See docs/messages.md for what every message says.
export {
  builtInTemplate,
  creditorSender,
  escapeHtml,
  renderMessage,
  templateId,
  type AgencySender,
  type BrandColors,
  type CreditorSender,
  type MessageContext,
  type RenderedEmail,
  type RenderedSms,
  type Sender,
  type SignOff,
  type ValidationInfo,
} from './render.ts';
export {
  MESSAGE_CHANNELS,
  OVERRIDABLE_KINDS,
  PAYMENT_KINDS,
  SENDERS_BY_KIND,
  TEMPLATE_KINDS,
  type OverridableKind,
  type TemplateKind,
} from './kinds.ts';
export { DEFAULT_LOCALE, LOCALES, resolveLocale, type Locale } from './locale.ts';
export { formatMoney } from '../money.ts';
export { DEFAULT_SMS_MAX_SEGMENTS, lintBuiltInTemplates, lintOverrides, lintTemplate, validateTemplateOverrides, type LintOptions } from './lint.ts';
export { templateOverridesSchema, templateOverridesShape } from './overrides.ts';
export { previewMessage, sampleContext, type PreviewRequest, type SampleOptions } from './sample.ts';
export { smsSize, type SmsEncoding, type SmsSize } from './sms.ts';
export { LINT_RULES, type EmailTemplate, type LintProblem, type LintRule, type SmsTemplate, type TemplateOverrides } from './types.ts';
