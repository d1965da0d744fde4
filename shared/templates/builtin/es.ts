// Nuestras plantillas en español: de usted, cálidas y claras, escritas para quien las lee y no traducidas palabra por
// palabra. Los textos SMS evitan á, í, ó y ú (sin faltas: se eligen palabras que no las llevan) para quedarse en el
// alfabeto GSM-7 y costar lo mismo que uno en inglés. Las divulgaciones son marcadores: el código pone el texto.
import type { TemplateSet } from '../types.ts';

const p = (...paragraphs: string[]) => paragraphs.join('\n\n');

const CLOSING = ['{{signOff}}', '{{debtCollectorDisclosure}}', '{{timeBarredDisclosure}}', '{{validationNotice}}', '{{optOut}}'];
const CLOSING_CREDITOR = ['{{signOff}}', '{{timeBarredDisclosure}}', '{{optOut}}'];
const CLOSING_NO_ASK = ['{{signOff}}', '{{debtCollectorDisclosure}}', '{{optOut}}'];

export const ES: TemplateSet = {
  'soft-reminder': {
    email: {
      subject: 'Un recordatorio amable sobre su cuenta de {{senderName}}',
      text: p(
        '{{greeting}}',
        'Le escribimos para recordarle que su cuenta de {{senderName}} tiene un saldo de {{balance}}. Es fácil que una factura se pase por alto; nos pasa a todos.',
        'Puede pagar en línea, de forma segura, en un par de minutos:',
        '[Hacer un pago]({{paymentUrl}})',
        'Si ya pagó, muchas gracias; puede ignorar este mensaje. Si ahora no es buen momento, o si algo no le parece correcto, {{howToReach}}. Con gusto le ayudamos.',
        ...CLOSING_CREDITOR,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} le recordamos amablemente que tiene un saldo de {{balance}}. Puede pagarlo cuando quiera en {{paymentUrl}} ¿Tiene preguntas o necesita un poco de tiempo? Responda a este mensaje. {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  escalation: {
    email: {
      subject: 'Resolvamos juntos el saldo de su cuenta de {{senderName}}',
      text: p(
        '{{greeting}}',
        'Nos hemos comunicado con usted por el saldo de {{balance}} de su cuenta de {{senderName}}, y queremos ayudarle a saldarlo.',
        'Si ahora le resulta difícil pagarlo todo de una vez, a muchas personas les pasa lo mismo. Podemos preparar un plan de pagos que se ajuste a su presupuesto: {{howToReach}} y lo organizamos con usted.',
        'Si prefiere pagar ahora, puede hacerlo en línea:',
        '[Pagar en línea]({{paymentUrl}})',
        'Si ya pagó, o si algo no le parece correcto, avísenos y lo revisaremos.',
        ...CLOSING_CREDITOR,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} queremos ayudarle con su saldo de {{balance}}. Pague en {{paymentUrl}} o responda a este mensaje para acordar un plan de pagos a su medida. {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'missed-promise': {
    email: {
      subject: 'Sobre el pago que tenía previsto',
      text: p(
        '{{greeting}}',
        'No hemos visto el pago que tenía previsto hacer para su saldo de {{balance}} con {{creditorName}}. Los planes cambian, y no pasa nada.',
        'Cuando le venga bien, puede pagar en línea:',
        '[Hacer un pago]({{paymentUrl}})',
        'Si le conviene más otra fecha o un monto menor, {{howToReach}} y lo buscamos juntos. Si ya pagó, muchas gracias; puede ignorar este mensaje.',
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} no vimos el pago previsto para su saldo de {{balance}}, y no pasa nada. Puede pagar cuando le venga bien en {{paymentUrl}} o responder para elegir otra fecha. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'plan-reminder': {
    email: {
      subject: 'Se acerca el próximo pago de su plan',
      text: p(
        '{{greeting}}',
        'Le recordamos que el próximo pago de su plan con {{creditorName}}, de {{installmentAmount}}, vence el {{installmentDueDate}}. Gracias por mantener su plan al día.',
        '[Hacer este pago]({{paymentUrl}})',
        'Su saldo restante es de {{balance}}. Si esa fecha ya no le conviene, {{howToReach}} y buscaremos juntos una nueva.',
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} el siguiente pago de su plan, de {{installmentAmount}}, vence el {{installmentDueDate}}. Pague en {{paymentUrl}} ¿Necesita otra fecha? Responda a este mensaje. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'plan-missed': {
    email: {
      subject: 'Sobre el pago de su plan',
      text: p(
        '{{greeting}}',
        'No hemos visto el pago de su plan, de {{installmentAmount}}, que vencía el {{installmentDueDate}}. No pasa nada: son cosas que ocurren, y su plan de pagos con {{creditorName}} sigue en pie.',
        '[Hacer este pago]({{paymentUrl}})',
        'Si el monto o la fecha ya no le convienen, {{howToReach}} y lo ajustamos juntos. Si ya pagó, muchas gracias; puede ignorar este mensaje.',
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} no vimos el pago de su plan, de {{installmentAmount}}, con fecha {{installmentDueDate}}. No pasa nada, su plan sigue en pie. Pague en {{paymentUrl}} o responda para elegir otra fecha. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'third-party': {
    email: {
      subject: 'Sobre su cuenta de {{creditorName}}',
      text: p(
        '{{greeting}}',
        'Somos {{senderName}} y le escribimos sobre su cuenta con {{creditorName}}, el acreedor original. {{creditorName}} nos ha pedido ayuda para resolver el saldo de {{balance}}.',
        'Sabemos que a veces el dinero no alcanza. Queremos encontrar una opción que le funcione: pagar el total, un plan de pagos o, primero, hablarlo con calma.',
        '[Ver sus opciones]({{paymentUrl}})',
        'Si tiene preguntas, {{howToReach}}. Si cree que no debe esta cantidad, o si ya pagó, díganoslo y lo revisaremos.',
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{greeting}} le escribe {{senderName}} por su cuenta de {{creditorName}} (acreedor original), saldo {{balance}}. Opciones y planes de pago: {{paymentUrl}} {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'final-notice': {
    email: {
      subject: 'Nuestro último recordatorio sobre su saldo con {{creditorName}}',
      text: p(
        '{{greeting}}',
        'No hemos tenido noticias suyas sobre el saldo de {{balance}} de su cuenta con {{creditorName}}, así que este es nuestro último recordatorio por ahora.',
        'Todavía queremos ayudarle a resolverlo de una forma que le funcione: pagar en línea, acordar un plan de pagos o simplemente hablarlo con nosotros.',
        '[Ver sus opciones]({{paymentUrl}})',
        'Si algo no le parece correcto, o si ya pagó, {{howToReach}} y lo revisaremos.',
        ...CLOSING,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} este es el recordatorio final, por ahora, sobre su saldo de {{balance}}. Seguimos queriendo ayudarle: pague en {{paymentUrl}} o responda para acordar un plan. {{debtCollectorDisclosure}} {{timeBarredDisclosure}} {{optOut}}',
    },
  },
  'cease-notice': {
    email: {
      subject: 'Dejamos de contactarle, como nos pidió',
      text: p(
        '{{greeting}}',
        'Recibimos su petición de que dejemos de contactarle sobre su cuenta de {{creditorName}}, y así lo haremos. Este es el último mensaje que recibirá de nosotros sobre ella.',
        'Si alguna vez quiere hablar, hacer una pregunta o saldar la cuenta, puede {{howToReach}} cuando quiera.',
        ...CLOSING_NO_ASK,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} hemos dejado de contactarle sobre su cuenta de {{creditorName}}, tal como nos indica. Este es nuestro mensaje final. Puede escribirnos cuando quiera. {{debtCollectorDisclosure}} {{optOut}}',
    },
  },
  'thank-you': {
    email: {
      subject: 'Gracias por su pago',
      text: p(
        '{{greeting}}',
        'Gracias por su pago en su cuenta de {{creditorName}}. Se lo agradecemos de verdad.',
        'Su saldo ahora es de {{balance}}.',
        'Si tiene alguna pregunta, {{howToReach}}.',
        ...CLOSING_NO_ASK,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} ¡gracias por su pago! Su saldo con {{creditorName}} ahora es de {{balance}}. ¿Tiene preguntas? Responda a este mensaje. {{debtCollectorDisclosure}} {{optOut}}',
    },
  },
  survey: {
    email: {
      subject: 'Una pregunta rápida',
      text: p(
        '{{greeting}}',
        'Gracias por resolver con nosotros lo de su cuenta de {{creditorName}}. Nos encantaría saber cómo lo hicimos.',
        '¿Qué tan fácil le resultó resolverlo con nosotros? Responda a este correo con un solo número del 1 al 5: el 1 significa muy difícil y el 5, muy fácil.',
        'Es la única pregunta. Su respuesta nos ayuda a atender mejor a todos.',
        ...CLOSING_NO_ASK,
      ),
    },
    sms: {
      body: '{{senderName}}: {{greeting}} gracias por resolver su cuenta con nosotros. Una sola pregunta: del 1 al 5, ¿le fue sencillo tratar con nosotros? Responda con una cifra: 1 es nada sencillo y 5 es muy sencillo. {{debtCollectorDisclosure}} {{optOut}}',
    },
  },
};
