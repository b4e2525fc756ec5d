import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Turn } from '../domain/types.js';
import { withoutMarkers } from './markers.js';

const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));
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

export function formatHistory(history: Turn[]): string {
  if (!history.length) return '(none)';
  return (
    history
      // Earlier answers cite other passages; their numbers would be read as pointing at these.
      .map(({ question, answer }) => `Q: ${question}\nA: ${withoutMarkers(answer)}`)
      .join('\n\n')
  );
}
