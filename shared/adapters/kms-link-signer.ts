// LinkSigner on a KMS HMAC key: the key never leaves KMS, and only functions granted GenerateMac can mint links.
import { GenerateMacCommand, KMSInvalidMacException, VerifyMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { LinkSigner } from '../ports.ts';

const ALGORITHM = 'HMAC_SHA_256';

export class KmsLinkSigner implements LinkSigner {
  private readonly kms: KMSClient;
  private readonly keyId: string;

  constructor(kms: KMSClient, keyId: string) {
    this.kms = kms;
    this.keyId = keyId;
  }

  async sign(message: string): Promise<string> {
    const { Mac } = await this.kms.send(
      new GenerateMacCommand({ KeyId: this.keyId, MacAlgorithm: ALGORITHM, Message: new TextEncoder().encode(message) }),
    );
    if (!Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(Mac).toString('base64url');
  }

  async verify(message: string, signature: string): Promise<boolean> {
    const mac = Buffer.from(signature, 'base64url');
    if (mac.length === 0) return false;
    try {
      const { MacValid } = await this.kms.send(
        new VerifyMacCommand({ KeyId: this.keyId, MacAlgorithm: ALGORITHM, Message: new TextEncoder().encode(message), Mac: mac }),
      );
      return MacValid === true;
    } catch (error) {
      if (error instanceof KMSInvalidMacException) return false;
      throw error;
    }
  }
}
