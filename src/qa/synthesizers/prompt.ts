import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Passage, Turn } from '../../domain/types.js';
import type { ChatMessage } from '../../adapters/chat.js';
import { withoutMarkers } from '../checks/cite.js';
import { sourceLabel } from '../../domain/source.js';

const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));
const cache = new Map<string, string>();

/** `prompts/<name>.md`, read once per process. */
export function loadPrompt(name: string): string {
  let template = cache.get(name);
  if (template === undefined) {
    template = readFileSync(`${PROMPTS_DIR}${name}.md`, 'utf8').trim();
    cache.set(name, template);
  }
  return template;
}

/** Replaces every `{{name}}`; a placeholder without a value is a bug, so it throws. */
export function fillPrompt(template: string, values: Record<string, string>): string {
  // One pass, so `{{…}}` inside a value (a passage, a question) is left as it is.
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{${name}}} has no value`);
    return value;
  });
}

export function buildAnswerMessages(
  question: string,
  passages: Passage[],
  history: Turn[],
  refusal: string,
): ChatMessage[] {
  return [
    { role: 'system', content: fillPrompt(loadPrompt('answer-system'), { refusal }) },
    {
      role: 'user',
      content: fillPrompt(loadPrompt('answer-user'), {
        history: formatHistory(history),
        passages: passages.map(formatPassage).join('\n\n'),
        question,
        refusal,
      }),
    },
  ];
}

export function buildRewriteMessages(question: string, history: Turn[]): ChatMessage[] {
  return [{ role: 'user', content: fillPrompt(loadPrompt('rewrite'), { history: formatHistory(history), question }) }];
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

function formatHistory(history: Turn[]): string {
  if (!history.length) return '(none)';
  return (
    history
      // Earlier answers cite other passages; their numbers would be read as pointing at these.
      .map(({ question, answer }) => `Q: ${question}\nA: ${withoutMarkers(answer)}`)
      .join('\n\n')
  );
}
