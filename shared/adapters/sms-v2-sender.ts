// SmsSender on AWS End User Messaging SMS (pinpoint-sms-voice-v2 SendTextMessage).
import {
  ConflictException,
  SendTextMessageCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { messageTags } from '../accounts/touch-id.ts';
import { PermanentDeliveryError, type SmsMessage, type SmsSender } from '../ports.ts';

/** End User Messaging's answers that no retry changes. */
const CARRIER_OPT_OUT = new Set(['DESTINATION_PHONE_NUMBER_OPTED_OUT']);
const UNDELIVERABLE = new Set([
  'DESTINATION_COUNTRY_BLOCKED',
  'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
  'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
]);

export class SmsV2Sender implements SmsSender {
  private readonly sms: PinpointSMSVoiceV2Client;
  private readonly configurationSet: string;

  constructor(sms: PinpointSMSVoiceV2Client, configurationSet: string) {
    this.sms = sms;
    this.configurationSet = configurationSet;
  }

  async sendSms(message: SmsMessage): Promise<{ messageId: string }> {
    const { MessageId } = await this.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: message.to,
        OriginationIdentity: message.originationIdentity,
        MessageBody: message.body,
        MessageType: 'TRANSACTIONAL',
        ConfigurationSetName: this.configurationSet,
        // Carried back in each delivery event (shared/usecases/record-delivery-event.ts): ids only.
        Context: messageTags(message.touchId),
      }),
    );
    if (!MessageId) throw new Error('End User Messaging accepted the SMS without a MessageId');
    return { messageId: MessageId };
  }

  private async send(command: SendTextMessageCommand) {
    try {
      return await this.sms.send(command);
    } catch (error) {
      const reason = (error as { Reason?: string }).Reason ?? '';
      if (error instanceof ConflictException && CARRIER_OPT_OUT.has(reason)) {
        throw new PermanentDeliveryError('sms', 'opted-out-at-carrier', reason);
      }
      if ((error instanceof ConflictException || error instanceof ValidationException) && UNDELIVERABLE.has(reason)) {
        throw new PermanentDeliveryError('sms', 'invalid-address', reason);
      }
      throw error;
    }
  }
}
