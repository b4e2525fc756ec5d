import { translateEnglish } from '../text/crosslingual.js';
import { foldWidth } from '../text/normalize.js';
import { searchTokens, taggedWords } from '../text/segment.js';
import { STOPWORDS } from '../text/stopwords.js';

/** One thing the question asks about, in every form the pages may print it. */
export interface TermGroup {
  /** The word as the question has it. */
  label: string;
  /** Lower-cased forms to look for: the word itself and, for English, its Chinese translations. */
  forms: string[];
  /** A proper name (place, person, organisation): an answer about something else is no answer. */
  name: boolean;
}

/** What a question is looking for, in the words the pages use. */
export interface AnalyzedQuestion {
  question: string;
  groups: TermGroup[];
  /** Text to embed: the question plus the Chinese words found for its English words. */
  embeddingText: string;
  /** Space-separated words for the full-text index. */
  ftsQuery: string;
}

const LATIN_WORD = /[a-z][a-z\-']*[a-z]|[a-z]/g;
const NAME_TAGS = new Set(['nr', 'ns', 'nt', 'nz', 'nrt', 'nrfg']);

const topical = (word: string) => !STOPWORDS.has(word) && !/^\d$/.test(word);

/** `known` tells whether a word occurs in the index; translations are limited to such words. */
export function analyzeQuestion(question: string, known: (word: string) => boolean): AnalyzedQuestion {
  const folded = foldWidth(question).toLowerCase();
  const names = new Set(taggedWords(folded).filter(({ tag }) => NAME_TAGS.has(tag)).map(({ word }) => word));
  const chinese = [...new Set(searchTokens(folded.replace(/[a-z][a-z\-']*/g, ' ')).filter(topical))];
  const english = [...new Set(folded.replace(/[^\x00-\x7f]/g, ' ').match(LATIN_WORD) ?? [])].filter(topical);
  const translated = english.length ? translateEnglish(english, known) : [];
  const groups: TermGroup[] = [
    ...chinese.map((word) => ({ label: word, forms: [word], name: names.has(word) })),
    // The English word stays among the forms: acronyms such as RCEP and TIR are printed as they are.
    ...translated.map(({ english: word, chinese: forms }) => ({ label: word, forms: [word, ...forms.filter(topical)], name: false })),
  ];
  const translations = translated.flatMap(({ chinese: forms }) => forms);
  return {
    question,
    groups,
    embeddingText: translations.length ? `${question}\n${translations.join(' ')}` : question,
    ftsQuery: [...new Set(groups.flatMap((group) => group.forms))].join(' '),
  };
}
