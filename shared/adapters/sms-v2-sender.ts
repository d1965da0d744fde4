// SmsSender on AWS End User Messaging SMS (pinpoint-sms-voice-v2 SendTextMessage).
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SmsMessage, SmsSender } from '../ports.ts';

export class SmsV2Sender implements SmsSender {
  private readonly sms: PinpointSMSVoiceV2Client;
  private readonly configurationSet: string;

  constructor(sms: PinpointSMSVoiceV2Client, configurationSet: string) {
    this.sms = sms;
    this.configurationSet = configurationSet;
  }

  async sendSms(message: SmsMessage): Promise<{ messageId: string }> {
    const { MessageId } = await this.sms.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: message.to,
        OriginationIdentity: message.originationIdentity,
        MessageBody: message.body,
        MessageType: 'TRANSACTIONAL',
        ConfigurationSetName: this.configurationSet,
        Context: { touchId: message.touchId },
      }),
    );
    if (!MessageId) throw new Error('End User Messaging accepted the SMS without a MessageId');
    return { messageId: MessageId };
  }
}
