// EmailSender on SES v2: one configuration set for delivery events, both parts, and a Reply-To that routes replies.
import { MessageRejected, SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { messageTags } from '../accounts/touch-id.ts';
import { PermanentDeliveryError, type EmailMessage, type EmailSender } from '../ports.ts';

export class SesV2EmailSender implements EmailSender {
  private readonly ses: SESv2Client;
  private readonly configurationSet: string;

  constructor(ses: SESv2Client, configurationSet: string) {
    this.ses = ses;
    this.configurationSet = configurationSet;
  }

  async sendEmail(message: EmailMessage): Promise<{ messageId: string }> {
    const headers = message.listUnsubscribe ? listUnsubscribeHeaders(message.listUnsubscribe) : [];
    const { MessageId } = await rejectedForGood(() =>
      this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: `${quoteDisplayName(message.fromName)} <${message.fromAddress}>`,
          Destination: { ToAddresses: [message.to] },
          ReplyToAddresses: [message.replyTo],
          ConfigurationSetName: this.configurationSet,
          EmailTags: Object.entries(messageTags(message.touchId)).map(([Name, value]) => ({ Name, Value: sesTagValue(value) })),
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: message.html, Charset: 'UTF-8' }, Text: { Data: message.text, Charset: 'UTF-8' } },
              Headers: headers,
            },
          },
        }),
      ),
    );
    if (!MessageId) throw new Error('SES accepted the email without a MessageId');
    return { messageId: MessageId };
  }
}

/** SES refuses a tag value with any character outside [A-Za-z0-9_-] or over 256 characters (an answer's id has colons). */
export function sesTagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}

/** SES refused this message for good (MessageRejected); other errors are transient or configuration. */
async function rejectedForGood<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof MessageRejected) throw new PermanentDeliveryError('email', 'message-rejected', error.message);
    throw error;
  }
}

/** RFC 2369 header; the RFC 8058 one-click header only applies to an https target. */
function listUnsubscribeHeaders(target: string): Array<{ Name: string; Value: string }> {
  const headers = [{ Name: 'List-Unsubscribe', Value: `<${target}>` }];
  if (target.startsWith('https://')) headers.push({ Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' });
  return headers;
}

/** A display name safe in a From header: no control characters; non-ASCII as an RFC 2047 encoded word. */
function quoteDisplayName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (/^[\x20-\x7e]*$/.test(clean)) return `"${clean.replace(/["\\]/g, '')}"`;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}
