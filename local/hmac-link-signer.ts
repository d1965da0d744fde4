// The offline LinkSigner: HMAC-SHA256 with a key made for the run (from its seed, in the local platform), as the KMS
// HMAC key does in AWS.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { LinkSigner } from '../shared/ports.ts';

export class HmacLinkSigner implements LinkSigner {
  // A key object made once: importing raw key bytes on every signature costs more than the HMAC.
  private readonly key: KeyObject;

  constructor(key: Uint8Array = randomBytes(32)) {
    this.key = createSecretKey(key);
  }

  async sign(message: string): Promise<string> {
    return createHmac('sha256', this.key).update(message).digest('base64url');
  }

  async verify(message: string, signature: string): Promise<boolean> {
    const expected = Buffer.from(await this.sign(message), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
