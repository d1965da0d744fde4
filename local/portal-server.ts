// The debtor's page offline, served on localhost as the Function URL serves it in AWS: every request goes to the real
// portal handler, which sees this server's address as its own. The offline checkout's pages are served here too, and
// an index lists a fresh link for every account (the simulator's way in; the messages' links name the Function URL).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { portalToken } from '../shared/portal/link.ts';
import { escapeHtml } from '../shared/templates/layout.ts';
import { plainPage } from './local-checkout.ts';
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

export async function startPortalServer(platform: LocalPlatform, port = 0): Promise<PortalServer> {
  const functionUrl = platform.functionUrlOf(PAGE_FUNCTION);
  let base = '';
  const linkFor = async (accountId: string) => `${base}?t=${await portalToken(platform.pageLinks, accountId, new Date())}`;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    const method = request.method === 'POST' ? 'POST' : request.method === 'GET' ? 'GET' : undefined;
    if (!method) return html(response, 405, plainPage('Method not allowed', ''));
    const checkout = await platform.checkout.respond(url.pathname, method);
    if (checkout) {
      response.writeHead(checkout.statusCode, checkout.headers);
      return void response.end(checkout.body);
    }
    if (url.pathname === '/accounts') {
      const items: string[] = [];
      for (const creditorId of await platform.creditors.listCreditors()) {
        for await (const ids of platform.store.listCreditorAccounts(creditorId)) {
          for (const id of ids) items.push(`<li><a href="${escapeHtml(await linkFor(id))}">${escapeHtml(`${creditorId}: ${id}`)}</a></li>`);
        }
      }
      return html(response, 200, plainPage('Simulated accounts', `<ul>${items.join('')}</ul>`));
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
      if (!response.headersSent) html(response, 500, plainPage('Error', `<pre>${escapeHtml(error.message)}</pre>`));
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
