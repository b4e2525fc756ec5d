import { InlineKeyboard } from 'grammy';
import type { Citation } from '../../../domain/types.js';
import { fitsCallbackData } from '../../callback-data.js';
import { shorten } from '../../render/text.js';
import type { Translate } from '../../render/translate.js';
import { addVoteButtons, type Tally } from '../feedback/keyboard.js';
import { sourceButton } from './callback-data.js';

/**
 * One button per cited passage (two to a row), links to the printed pages, then 👍/👎 with how
 * many chose each; `t` speaks the answer's locale.
 */
export function answerKeyboard(
  citations: Array<Pick<Citation, 'n' | 'id' | 'headline'> & { url?: string | null }>,
  answerId: string | null,
  t: Translate,
  tally: Tally = { up: 0, down: 0 },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const data = (c: Pick<Citation, 'id'>) => sourceButton.encode({ chunkId: c.id, answerId });
  const buttons = citations.filter((c) => fitsCallbackData(data(c)));
  buttons.forEach((c, i) => {
    keyboard.text(buttonLabel(c, citations, t), data(c));
    if (i % 2 === 1 || i === buttons.length - 1) keyboard.row();
  });
  // The page as printed, in the e-paper, where the page gives its link.
  const linked = citations.filter((c) => c.url);
  for (const c of linked) keyboard.url(`🔗 ${c.n}`, c.url!);
  if (linked.length) keyboard.row();
  return answerId ? addVoteButtons(keyboard, answerId, tally) : keyboard;
}

/** Citations with their page's e-paper link, for the 🔗 buttons an answer keyboard adds. */
export function withPageLinks(citations: Citation[]): Array<Citation & { url: string | null }> {
  return citations.map((c) => ({ ...c, url: c.source?.url ?? null }));
}

/** "📄 1 标题", and "📄 1 标题 · 第2段" where another cited passage is of the same article. */
function buttonLabel(
  citation: Pick<Citation, 'n' | 'id' | 'headline'>,
  all: Array<Pick<Citation, 'id' | 'headline'>>,
  t: Translate,
): string {
  const label = `📄 ${citation.n} ${shorten(citation.headline, 16)}`;
  const part = /:(\d+)$/.exec(citation.id);
  const shared = all.some((other) => other.id !== citation.id && other.headline === citation.headline);
  return shared && part
    ? `📄 ${citation.n} ${shorten(citation.headline, 10)} · ${t('source-part', { number: String(Number(part[1]) + 1) })}`
    : label;
}
