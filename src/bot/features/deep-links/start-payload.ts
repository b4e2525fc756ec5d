/**
 * What a `t.me/<bot>?start=<payload>` link opens with. Telegram allows 1–64 characters of
 * A–Z, a–z, 0–9, _ and - in a payload:
 * - `q_<base64url of the question's UTF-8>`: asks the question (at most 45 bytes: 15 Chinese
 *   characters, or 45 ASCII ones);
 * - `src_<passage id>`: shows a passage, the one a printed QR code or an inline answer points at;
 * - anything else (`help`, nothing): the help text.
 */
export type StartPayload = { kind: 'question'; question: string } | { kind: 'passage'; id: string } | { kind: 'help' };

const PAYLOAD_MAX = 64;

export function questionPayload(question: string): string | null {
  const payload = `q_${Buffer.from(question.trim(), 'utf8').toString('base64url')}`;
  return payload.length <= PAYLOAD_MAX ? payload : null;
}

export function passagePayload(id: string): string | null {
  const payload = `src_${id}`;
  return payload.length <= PAYLOAD_MAX && /^[\w-]+$/.test(id) ? payload : null;
}

/** A link that opens the bot with `payload`. */
export function startLink(username: string, payload: string): string {
  return `https://t.me/${username}?start=${payload}`;
}

export function parseStartPayload(payload: string): StartPayload | 'unknown' {
  const text = payload.trim();
  if (!text || text === 'help') return { kind: 'help' };
  if (text.length > PAYLOAD_MAX || !/^[\w-]+$/.test(text)) return 'unknown';
  const question = /^q_([\w-]+)$/.exec(text);
  if (question) {
    const decoded = Buffer.from(question[1], 'base64url').toString('utf8');
    // A link cut short decodes to a broken character, or to nothing.
    if (!decoded.trim() || decoded.includes('\uFFFD')) return 'unknown';
    return { kind: 'question', question: decoded };
  }
  const passage = /^src_([\w-]+)$/.exec(text);
  if (passage) return { kind: 'passage', id: passage[1] };
  return 'unknown';
}
