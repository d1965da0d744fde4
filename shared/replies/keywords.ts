// The SMS keywords (opt out, opt back in, help), by language, from one data file (data/keywords.json), which also
// generates their table in docs/replies.md.
import keywords from './data/keywords.json' with { type: 'json' };

export interface LanguageKeywords {
  name: string;
  /** The whole message opts out of the channel it came by. */
  optOut: readonly string[];
  /** Opt-out keywords that, first in a longer message ("STOP texting me"), still make it an opt-out. */
  optOutOpeners: readonly string[];
  /** The whole message opts back in. */
  optIn: readonly string[];
  /** The whole message asks who we are and how to opt out. */
  help: readonly string[];
}

export const KEYWORD_SOURCES: readonly string[] = keywords.sources;
export const KEYWORDS_BY_LANGUAGE: Readonly<Record<string, LanguageKeywords>> = keywords.languages;

const all = (list: keyof Omit<LanguageKeywords, 'name'>) => [...new Set(Object.values(KEYWORDS_BY_LANGUAGE).flatMap((l) => l[list]))];

/** Whole-message replies that opt out of the channel they arrive on, in every language. */
export const STOP_KEYWORDS: readonly string[] = all('optOut');
export const OPT_OUT_OPENERS: ReadonlySet<string> = new Set(all('optOutOpeners'));
/** Opt back in (CTIA, and End User Messaging's opt-in keywords): START and UNSTOP, in any channel. */
export const START_KEYWORDS: readonly string[] = all('optIn');
export const HELP_KEYWORDS: readonly string[] = all('help');
