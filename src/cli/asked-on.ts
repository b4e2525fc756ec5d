/** `2024-08-30` → that day (UTC); anything else is refused, naming `what`. */
export function dayOf(text: string, what: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text)
    throw new Error(`${what} must be a day as YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return date;
}

/**
 * A line of `--stdin`: a question, or `{"question": "…", "asked_on": "2024-08-30"}` for one asked
 * on a given day (else on `askedOn`). A line that is not a JSON object is a question as written.
 */
export function stdinQuestion(line: string, askedOn?: Date): { question: string; askedOn?: Date } {
  const parsed = objectOf(line);
  if (!parsed) return { question: line, askedOn };
  if (typeof parsed.question !== 'string') throw new Error('a JSON line needs a "question" string');
  if (parsed.asked_on === undefined || parsed.asked_on === null) return { question: parsed.question, askedOn };
  return { question: parsed.question, askedOn: dayOf(String(parsed.asked_on), 'asked_on') };
}

function objectOf(line: string): { question?: unknown; asked_on?: unknown } | null {
  if (!line.trimStart().startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
