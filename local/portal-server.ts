// The debtor's page offline, served on localhost as the Function URL serves it in AWS: every request goes to the real
// portal handler, which sees this server's address as its own. The offline checkout's pages are served here too, and
// an index lists a fresh link for every account (the simulator's way in; the messages' links name the Function URL).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatMoney } from '../shared/money.ts';
import { portalToken } from '../shared/portal/link.ts';
import { escapeHtml } from '../shared/templates/layout.ts';
import type { LocalPlatform } from './platform.ts';

export interface PortalServer {
  url: string;
  /** The account's page at this server, as a message's link would open it. */
  linkFor(accountId: string): Promise<string>;
  close(): Promise<void>;
}

const PAGE_FUNCTION = 'portal';

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function html(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(body);
}

const simplePage = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(
    title,
  )}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem"><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

export async function startPortalServer(platform: LocalPlatform, port = 0): Promise<PortalServer> {
  const functionUrl = platform.functionUrlOf(PAGE_FUNCTION);
  let base = '';
  const linkFor = async (accountId: string) => `${base}?t=${await portalToken(platform.pageLinks, accountId, new Date())}`;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const method = request.method === 'POST' ? 'POST' : request.method === 'GET' ? 'GET' : undefined;
    if (!method) return html(response, 405, simplePage('Method not allowed', ''));
    const checkout = /^\/checkout\/([\w-]+)$/.exec(url.pathname);
    if (checkout) {
      const session = platform.checkout.session(checkout[1]!);
      if (!session) return html(response, 404, simplePage('No such payment', '<p>This payment page does not exist.</p>'));
      if (method === 'GET') {
        const amount = formatMoney(session.amountMinor, session.currency);
        return html(
          response,
          200,
          simplePage(
            'Offline checkout',
            `<p>${escapeHtml(session.description)}</p><p>Amount: <strong>${escapeHtml(amount)}</strong></p><form method="post"><button type="submit">Pay ${escapeHtml(
              amount,
            )}</button></form><p><a href="${escapeHtml(session.cancelUrl)}">Cancel</a></p>`,
          ),
        );
      }
      await platform.checkout.complete(session.sessionId);
      response.writeHead(303, { location: session.successUrl });
      return void response.end();
    }
    if (url.pathname === '/accounts') {
      const items: string[] = [];
      for (const creditorId of await platform.creditors.listCreditors()) {
        for await (const ids of platform.store.listCreditorAccounts(creditorId)) {
          for (const id of ids) items.push(`<li><a href="${escapeHtml(await linkFor(id))}">${escapeHtml(`${creditorId}: ${id}`)}</a></li>`);
        }
      }
      return html(response, 200, simplePage('Simulated accounts', `<ul>${items.join('')}</ul>`));
    }
    const body = method === 'POST' ? await bodyOf(request) : undefined;
    const reply = await platform.requestFunctionUrl(functionUrl, url, method, {
      ...(body !== undefined ? { body } : {}),
      headers: {
        'x-forwarded-proto': 'http',
        ...(request.headers['content-type'] ? { 'content-type': request.headers['content-type'] } : {}),
      },
    });
    response.writeHead(reply.statusCode, reply.headers ?? {});
    response.end(reply.body);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) html(response, 500, simplePage('Error', `<pre>${escapeHtml(error.message)}</pre>`));
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  platform.checkout.baseUrl = base;
  return {
    url: base,
    linkFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
