// The Lambda handlers (functions/<name>/handler.ts). One test file on purpose: every handler module builds its AWS
// adapters at import time and pulls in the AWS SDK clients, Powertools (X-Ray) and zod, so the suites share one module
// graph and one set of aws-sdk-client-mock stubs instead of paying that import once per file.
//
// Each suite is self-contained in ./suites/<function>.ts (its hooks live inside its own describe block):
//   plan          module-scope handler on mocked DynamoDB; touch decision without PII; InvalidEventError on bad events
//   send          createHandler on in-memory ports (send once, suppression, callback token) + SES/SMS/SFN wiring
//   inbound-sms   createHandler on in-memory ports (routing, dedupe, wake, keyword answers) + DynamoDB/SFN/SMS wiring
//   inbound-email createHandler on in-memory ports (token routing, dedupe, spam/virus, malformed and oversized mail)
//   ingest-check  module-scope handler on mocked S3 (streamed, stops past the size limit) and DynamoDB
//   ingest-batch  createHandler on in-memory ports (accept/reject/duplicates/re-run) + DynamoDB/SFN wiring
//   instructions  createHandler on in-memory ports (payment, duplicate file, rejected rows) + S3/DynamoDB/SFN wiring
//   creditor-reports  createHandler on in-memory ports (daily files, no PII, same bytes on a re-run) + DynamoDB/S3 wiring
//   inbox-unread      createHandler on an in-memory file store (acknowledges what no rule reads)
//   payment-events    createHandler on in-memory ports (once, wakes once, unknown accounts fail loudly)
//   stripe-webhook    createHandler on in-memory ports (signed events: once per payment, reversals, refusals)
//   delivery-events   createHandler on in-memory ports (every SES and SMS report kind, its effect, once; unknown dropped)
//   creditor-profile  createHandler on in-memory ports (versions, idempotence, rejections by JSON path) + S3/DynamoDB wiring
import './setup/env.ts';
import './suites/plan.ts';
import './suites/send.ts';
import './suites/inbound-sms.ts';
import './suites/inbound-email.ts';
import './suites/ingest-check.ts';
import './suites/ingest-batch.ts';
import './suites/instructions.ts';
import './suites/creditor-reports.ts';
import './suites/creditor-profile.ts';
import './suites/payment-events.ts';
import './suites/stripe-webhook.ts';
import './suites/delivery-events.ts';
import './suites/inbox-unread.ts';
