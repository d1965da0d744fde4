// The embedded SES v2 endpoint (aws-ses-v2-local): the real SES adapter sends to it, and its web inbox shows every
// email a simulation sent.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import sesLocalModule from 'aws-ses-v2-local';
import { LOCAL_CREDENTIALS } from './dynamo.ts';
import { immediateRetries } from './immediate-retries.ts';
import { LOCAL_REGION } from './intrinsics.ts';

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;
// CommonJS compiled from ESM: Node's ESM loader hands over the module object (the function is its `.default`),
// while bundlers and vitest apply the interop and hand over the function itself.
const loaded = sesLocalModule as unknown as StartServer | { default: StartServer };
const startSesServer: StartServer = typeof loaded === 'function' ? loaded : loaded.default;

export interface SesInbox {
  /** The web inbox (and API endpoint). */
  url: string;
  client: SESv2Client;
  close(): Promise<void>;
}

/** A client of the embedded endpoint, retrying at once rather than sleeping on the virtual clock. */
export function localSesClient(url: string): SESv2Client {
  return new SESv2Client({ endpoint: url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, retryStrategy: immediateRetries });
}

export async function startSesInbox(port = 0): Promise<SesInbox> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port });
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${bound}`;
  const client = localSesClient(url);
  return {
    url,
    client,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
