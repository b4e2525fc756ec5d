import type { AnswerMode, Citation, Passage } from '../../domain/types.js';
import type { Budget } from '../budget.js';
import type { Query } from '../query/query.js';
import type { WordStatistics } from '../words.js';
import type { Evidence } from './evidence.js';
import type { OfflineReason } from './offline.js';

/** Why the synthesizers before this one gave no answer: an offline answer says so. */
export interface Fallback {
  reason: OfflineReason;
  /** For the answer log; null when nothing went wrong. */
  detail: string | null;
}

export interface SynthesisRequest {
  query: Query;
  words: WordStatistics;
  /** Every passage found, best first: what the chat model reads. */
  passages: Passage[];
  /** The first of them, which an offline answer reads and quotes, scored against the question. */
  quoted: { passages: Passage[]; evidence: Evidence };
  budget: Budget;
  /** A fuller answer is asked for: the chat model is told to say more. */
  detail?: boolean;
  /** Receives the answer text so far while it is written. */
  onDraft?: (textSoFar: string) => void;
  fallback: Fallback;
}

/** An answer with citation markers `[n]` that point into `passages`, not yet checked. */
export interface Draft {
  kind: 'draft';
  text: string;
  passages: Passage[];
  /** A line put before the checked answer, which may depend on what it cites. */
  preface?: (citations: Citation[]) => string;
  offlineReason: string | null;
  /** Words of `text` that answer what was asked, for the reader's eye. */
  marked?: string[];
}

/** The reports do not say: no other synthesizer is asked. */
export interface Refusal {
  kind: 'refusal';
  offlineReason: string | null;
  /** What the question names that no retrieved report does: the reply says so, with the nearest reports. */
  missing?: string[];
}

/** This synthesizer could not answer: the next one is asked. */
export interface Failure extends Fallback {
  kind: 'failed';
}

export type Synthesis = Draft | Refusal | Failure;

/** Passages → an answer with citations (LlamaIndex's response synthesizer). */
export interface Synthesizer {
  readonly mode: AnswerMode;
  synthesize(request: SynthesisRequest): Promise<Synthesis>;
}
