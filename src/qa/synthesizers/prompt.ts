import type { Passage, Turn } from '../../domain/types.js';
import type { ChatMessage } from '../../adapters/chat.js';
import { sourceLabel } from '../../domain/source.js';
import { fillPrompt, formatHistory, loadPrompt } from '../prompts.js';

export function buildAnswerMessages(
  question: string,
  passages: Passage[],
  history: Turn[],
  refusal: string,
  askedOn: Date,
  detail = false,
): ChatMessage[] {
  const length = loadPrompt(detail ? 'answer-length-detail' : 'answer-length');
  return [
    { role: 'system', content: fillPrompt(loadPrompt('answer-system'), { refusal, length }) },
    {
      role: 'user',
      content: fillPrompt(loadPrompt('answer-user'), {
        history: formatHistory(history),
        passages: passages.map(formatPassage).join('\n\n'),
        question,
        askedOn: askedOn.toISOString().slice(0, 10),
        refusal,
      }),
    },
  ];
}

function formatPassage(passage: Passage, i: number): string {
  return [
    `<passage n="${i + 1}">`,
    `headline: ${neutral(passage.headline)}`,
    `published: ${sourceLabel(passage.source, 'zh') ?? 'not given'}`,
    `date: ${passage.date ? neutral(passage.date) : 'not given'}`,
    `file: ${neutral(passage.file)}`,
    'text:',
    neutral(passage.text),
    '</passage>',
  ].join('\n');
}

/** A report cannot close its own passage early and speak outside it. */
function neutral(text: string): string {
  return text.replace(/<(\/?)passage/gi, '‹$1passage');
}
