// One-click unsubscribe behind a Lambda Function URL: GET shows the confirmation, POST (RFC 8058) unsubscribes.
import { LambdaFunctionUrlSchema } from '../../shared/lambda/event-schemas.ts';
import { awsLinkSigner, awsStores, awsWorkflow } from '../../shared/lambda/aws-adapters.ts';
import { lambdaHandler } from '../../shared/lambda/handler.ts';
import { countMetric, logger } from '../../shared/lambda/observability.ts';
import { unsubscribePage } from '../../shared/templates/pages.ts';
import { applyUnsubscribe, isValidUnsubscribe, type UnsubscribeDeps } from '../../shared/usecases/unsubscribe.ts';

const html = (statusCode: number, body: string) => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body,
});

export const createHandler = (deps: UnsubscribeDeps) =>
  lambdaHandler(LambdaFunctionUrlSchema, async (event) => {
    const request = { touchId: event.queryStringParameters?.t ?? '', signature: event.queryStringParameters?.s ?? '' };
    const method = event.requestContext.http.method;
    if (method === 'GET') {
      const valid = await isValidUnsubscribe(deps.links, request);
      return valid ? html(200, unsubscribePage('confirm', `?${event.rawQueryString}`)) : html(400, unsubscribePage('invalid'));
    }
    if (method !== 'POST') return { statusCode: 405, headers: { allow: 'GET, POST' }, body: '' };
    const outcome = await applyUnsubscribe(deps, request, new Date());
    logger.info('unsubscribe', { touchId: request.touchId, outcome });
    if (outcome === 'invalid-link') return html(400, unsubscribePage('invalid'));
    countMetric('OneClickUnsubscribes');
    return html(200, unsubscribePage('done'));
  });

export const handler = createHandler({
  store: awsStores().store,
  workflow: awsWorkflow(),
  links: awsLinkSigner(),
});
