// The debtor's page behind a Lambda Function URL: GET shows it, POST takes one of its forms and redirects back.
import { LambdaFunctionUrlSchema } from '../../shared/lambda/event-schemas.ts';
import { awsAgency, awsEmail, awsPortalSigner, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { awsStripeCheckout } from '../../shared/lambda/stripe-adapters.ts';
import type { PortalFlash } from '../../shared/portal/page.ts';
import { showPortal, submitPortalForm, type PortalDeps, type PortalForm, type PortalResponse } from '../../shared/usecases/portal.ts';

// The link is the debtor's key: never sent on to another site, never cached, never framed.
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https:; form-action 'self' https:; base-uri 'none'; frame-ancestors 'none'",
};

function httpResponse(response: PortalResponse) {
  if ('location' in response)
    return { statusCode: response.status, headers: { ...SECURITY_HEADERS, location: response.location }, body: '' };
  return { statusCode: response.status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }, body: response.html };
}

function formOf(body: string): PortalForm {
  const form: PortalForm = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = form[name];
    form[name] = seen === undefined ? value : [seen, value].flat();
  }
  return form;
}

function flashOf(query: Record<string, string | undefined>): PortalFlash | undefined {
  if (query.done) return { done: query.done as Extract<PortalFlash, { done: unknown }>['done'] };
  const problem = query.problem;
  return problem === 'stale' || problem === 'not-allowed' || problem === 'bad-input' ? { problem } : undefined;
}

export const createHandler = (deps: PortalDeps) =>
  lambdaHandler(LambdaFunctionUrlSchema, async (event) => {
    const proto = event.headers['x-forwarded-proto'] ?? 'https';
    const pageUrl = `${proto}://${event.requestContext.domainName}${event.rawPath}`;
    const method = event.requestContext.http.method;
    const now = new Date();
    if (method === 'GET') {
      const query = event.queryStringParameters ?? {};
      const flash = flashOf(query);
      const response = await showPortal(
        deps,
        { pageUrl, token: query.t ?? '', ...(query.lang ? { lang: query.lang } : {}), ...(flash ? { flash } : {}) },
        now,
      );
      logger.info('portal page', { status: response.status });
      return httpResponse(response);
    }
    if (method !== 'POST') return { statusCode: 405, headers: { allow: 'GET, POST' }, body: '' };
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    const form = formOf(body);
    const response = await submitPortalForm(deps, pageUrl, form, now);
    // The action and its outcome, never the token or what the debtor typed.
    logger.info('portal form', { action: typeof form.action === 'string' ? form.action : 'unknown', status: response.status });
    if (response.status === 303) countMetric('PortalActions', { action: typeof form.action === 'string' ? form.action : 'unknown' });
    return httpResponse(response);
  });

const stores = awsStores();
export const handler = createHandler({
  ...stores,
  workflow: awsWorkflow(),
  // Pay starts a Checkout Session for creditors whose profile names a Stripe account; the others link to their own page.
  checkout: awsStripeCheckout(stores.creditors),
  pageLinks: awsPortalSigner(),
  agency: awsAgency(),
  email: awsEmail(),
});
