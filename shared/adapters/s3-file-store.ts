// FileStore on S3: the creditor inbox/outbox and the raw inbound mail live in the data bucket.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../ports.ts';

export class S3FileStore implements FileStore {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return Body.transformToByteArray();
  }

  async *streamBytes(key: string): AsyncIterable<Uint8Array> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    // In Node the body is a Readable: iterating it streams, and leaving the loop destroys it (and frees the socket).
    yield* Body as AsyncIterable<Uint8Array>;
  }

  async getText(key: string): Promise<string> {
    return new TextDecoder('utf-8', { fatal: true }).decode(await this.getBytes(key));
  }

  async putText(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
