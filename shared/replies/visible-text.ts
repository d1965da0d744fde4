// The debtor's own words in a plain-text email: quoted history, forwarded messages and signatures removed, by the
// maintained libraries (planer, the JS port of talon's quotation extraction; email-reply-parser for signatures). What
// is Tactful's own is small: quote headers planer does not know (below), and the rule that whatever is not quoted is
// the debtor's, so an answer between quoted lines or under the quote (bottom posting) is kept.
import EmailReplyParser from 'email-reply-parser';
import planer from 'planer';

/**
 * Text past this is not read, and longer lines reach the quote rules wrapped (no header or signature line is that
 * long): planer's and email-reply-parser's patterns take time superlinear in a line's length and in the number of
 * "On … ," runs, so a crafted body could otherwise hold the function for minutes. Bounded so, the worst found takes
 * about five seconds (the function has 30); a reply sits at the top, well within.
 */
const MAX_QUOTE_SCAN_CHARS = 20_000;
const WRAP_AT_CHARS = 250;
/** How many lines a quote header may wrap over ("On Tue, … Acme Energy\n<billing@acme.example>\nwrote:"; Polymail's take 5). */
const HEADER_MAX_LINES = 5;

/** A splitter planer knows: each header below is rewritten to it, so that planer cuts there. */
const SPLITTER = '-----Original Message-----';

/**
 * Quote headers planer 1.2 misses, each matched from the start of a line over up to three lines: reply headers in
 * Spanish, Italian, Portuguese, Russian, Vietnamese, Czech and Swedish/Norwegian word orders, wrapped ones, forwarded
 * messages (forwarded collector text is not the debtor's either), "original message" lines in more languages, and
 * Outlook blocks whose first field planer does not know.
 */
const EXTRA_HEADERS: readonly RegExp[] = [
  /^(?=[\s\S]*\d)[\s>-]*(?:On|Le|El|Il|Em|Am|Op|Den|På|W dniu|Dnia|Dne|Vào|В|Il giorno)\s[^\n]*(?:\n[^\n]*){0,4}?\s(?:wrote|sent|a écrit|escribió|ha scritto|scritto|escreveu|schrieb|schreef|geschreven|skrev|napisał(?:\(a\))?|napsal(?:\(a\))?|đã viết|написал(?:\(а\)|а)?|пишет)\s*:?\s*-*$/iu,
  /^(?=[\s\S]*\d)[^\n]*(?:\n[^\n]*){0,2}?\s(?:написал(?:\(а\)|а)?|пишет)\s*:\s*$/u,
  // Gmail in several languages has no verb: "пн, 11 мар. 2025 г. в 09:00, Acme <billing@acme.example>:"
  /^(?=[\s\S]*\d)[^\n]*(?:\n[^\n]*){0,2}?<\s*[^\s<>@]+@[^\s<>]+>\s*:\s*$/u,
  /^-{2,}\s*[^\n]{1,80}\swrote\s*-{2,}\s*$/i,
  /^[\s>]*-{2,}\s*(?:Original Message|Reply Message|Mensaje original|Message d'origine|Messaggio originale|Mensagem original|Ursprüngliche Nachricht|Oorspronkelijk bericht|Oprindelig meddelelse|Opprinnelig melding|Ursprungligt meddelande|Originalmeddelande|Wiadomość oryginalna|Исходное сообщение|Původní zpráva)\s*-{2,}\s*$/iu,
  /^[\s>]*-{2,}\s*(?:Forwarded message|Mensaje reenviado|Weitergeleitete Nachricht|Message transféré|Messaggio inoltrato|Mensagem encaminhada|Doorgestuurd bericht|Videresendt meddelelse|Vidarebefordrat meddelande|Пересылаемое сообщение)\s*-*\s*$/iu,
  /^[\s>]*(?:Begin forwarded message|Inicio del mensaje reenviado|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Inizio messaggio inoltrato|Início da mensagem reencaminhada)\s*:\s*$/iu,
  /^[\s>]*\*?(?:Da|Od|От|Từ|De|Von|From)\s?:\*?\s[^\n]*\n(?:[^\n]*\n)?[\s>]*\*?(?:Inviato|Data|Wysłano|Data|Отправлено|Дата|Đã gửi|Ngày|Enviado el|Enviada em|Enviado|Gesendet|Sent|Date)\s?:\*?\s/iu,
];

/**
 * Mobile and app signatures email-reply-parser does not know ("Inviato da iPhone", "Enviado do meu iPhone"…), and a
 * rule of underscores of any length (it knows 2 to 4, or 32) before a mailing list's footer.
 */
const EXTRA_SIGNATURES: RegExp =
  /^\s*_{5,}\s*$|^\s*(?:Inviato da|Inviato dal mio|Enviado do meu|Enviado de mi|Enviado con|Skickat från min|Verzonden met|Отправлено с|Wysłane z|Obtener Outlook para|Obtenga Outlook para|Scarica Outlook per|Baixe o Outlook para|Outlook für \S+ beziehen)\s[^\n]{0,60}$/iu;

/** A long line as lines of WRAP_AT_CHARS at most, each quoted as the line was. */
function wrapped(line: string): string[] {
  if (line.length <= WRAP_AT_CHARS) return [line];
  const prefix = /^[\s>]*>\s?/.exec(line)?.[0] ?? '';
  const chunks = line.slice(prefix.length).match(new RegExp(`[^]{1,${WRAP_AT_CHARS}}`, 'g')) ?? [];
  return chunks.map((chunk) => prefix + chunk);
}

function rewriteExtraHeaders(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const window = lines.slice(i, i + HEADER_MAX_LINES);
    const header = headerLength(window);
    // A header starts at the latest line it can: the debtor's line just above a verbless one is no part of it.
    if (header === 0 || (header > 1 && headerLength(window.slice(1, header)) > 0)) {
      out.push(lines[i] as string);
      continue;
    }
    out.push(SPLITTER);
    i += header - 1;
  }
  return out;
}

/** How many of the window's first lines a header takes (0 when none starts there). */
function headerLength(window: string[]): number {
  for (let n = 1; n <= window.length; n++) {
    const text = window.slice(0, n).join('\n');
    if (EXTRA_HEADERS.some((pattern) => pattern.test(text))) return n;
  }
  return 0;
}

/**
 * What planer keeps whole (an answer between quoted lines, a forward at the top): drop the quoted lines and the quote
 * headers; a header with no quoted line after it starts an unprefixed quote (Outlook), cut to the end.
 */
function withoutLeftoverQuotes(lines: string[]): string[] {
  const markers = planer.markMessageLines(lines);
  if (!/[msf]/.test(markers)) return lines;
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = markers[i];
    if (marker === 'm') continue;
    if (marker === 's' || marker === 'f') {
      const next = markers.slice(i + 1).replace(/^[sfe]+/, '')[0];
      if (next === 'm') continue;
      break;
    }
    kept.push(lines[i] as string);
  }
  return kept;
}

function withoutSignature(text: string): string {
  const lines = text.split('\n');
  const mobile = lines.findIndex((line) => EXTRA_SIGNATURES.test(line));
  const beforeMobile = mobile === -1 ? text : lines.slice(0, mobile).join('\n');
  // A rule the quote header came under is no part of the reply.
  return new EmailReplyParser()
    .read(beforeMobile)
    .getVisibleText()
    .replace(/(?:\n[\s_=*~-]*)+$/, '');
}

/** The debtor's own words in a plain-text email body. */
export function visibleText(body: string): string {
  const lines = body.slice(0, MAX_QUOTE_SCAN_CHARS).replace(/\r\n?/g, '\n').split('\n').flatMap(wrapped);
  const extracted = planer.extractFromPlain(rewriteExtraHeaders(lines).join('\n'));
  const unquoted = withoutLeftoverQuotes(extracted.split('\n')).join('\n');
  return withoutSignature(unquoted).trim();
}
