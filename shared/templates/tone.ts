// Tone checks on template text: accusatory or threatening words from the maintained list in data/tone.json, and
// shouting (a word in capitals, a run of exclamation marks). Matching folds case and accents, so "PRISION" and
// "prisión" are the same word, but quotes the text as written.
import tone from './data/tone.json' with { type: 'json' };

export interface ToneFinding {
  rule: 'accusatory-language' | 'shouting';
  /** The offending text as written. */
  quote: string;
  /** The list entry that matched (accusatory-language only). */
  term?: string;
}

interface ToneData {
  accusatory: Record<string, string[]>;
  shouting: { allowed: string[] };
}

const DATA = tone as ToneData;

/** Lower case without accents, one output character per input UTF-16 unit, so indexes map back to the original. */
function fold(text: string): string {
  let out = '';
  for (const unit of text) {
    const base = unit.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += base.length === unit.length ? base : unit.length === 1 ? (base[0] ?? ' ') : unit;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function termPattern(term: string): RegExp {
  const wildcard = term.endsWith('*');
  const words = fold(wildcard ? term.slice(0, -1) : term)
    .trim()
    .split(/[\s-]+/)
    .map(escapeRegExp);
  // Words may be joined by spaces or hyphens ("non payment", "non-payment").
  const body = words.join(String.raw`[\s\-]+`) + (wildcard ? String.raw`\p{L}*` : '');
  return new RegExp(String.raw`(?<![\p{L}\p{N}])${body}(?![\p{L}\p{N}])`, 'gu');
}

let terms: { term: string; pattern: RegExp }[] | undefined;

/** The list's patterns, compiled on first use: only linting reads them, and a cold start need not pay for it. */
function accusatoryTerms(): { term: string; pattern: RegExp }[] {
  terms ??= Object.values(DATA.accusatory)
    .flat()
    .map((term) => ({ term, pattern: termPattern(term) }));
  return terms;
}

const SHOUTING_ALLOWED = new Set(DATA.shouting.allowed);

/** Tone problems in a piece of template text (placeholders already blanked out by the caller). */
export function toneFindings(text: string): ToneFinding[] {
  const folded = fold(text);
  const findings: ToneFinding[] = [];
  const seen = new Set<string>();
  for (const { term, pattern } of accusatoryTerms()) {
    for (const m of folded.matchAll(pattern)) {
      const quote = text.slice(m.index, m.index + m[0].length);
      const key = `${m.index}:${quote}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ rule: 'accusatory-language', quote, term });
    }
  }
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}{4,}(?![\p{L}\p{N}])/gu)) {
    if (!SHOUTING_ALLOWED.has(m[0])) findings.push({ rule: 'shouting', quote: m[0] });
  }
  for (const m of text.matchAll(/!{2,}/g)) findings.push({ rule: 'shouting', quote: m[0] });
  return findings;
}
