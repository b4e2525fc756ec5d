/**
 * Splits one Qingdao Daily page (plain text, one article after another but with the layout's
 * column breaks, photo holes and interleaved columns left in) into articles.
 *
 * The page is read as non-empty lines. A line is an anchor (byline `□…`, dateline `本报…讯`,
 * `(上接第一版)`), an image caption `■…`, a closing byline `（梁太宏 石绍军）`, or text. Articles start
 * at anchors, with the title lines printed right above them (or, for articles without a byline, at
 * a run of title lines after a finished article). Text lines are paragraphs, section headings, or
 * the rest of a paragraph the layout broke off, possibly in another article's column.
 *
 * Every non-blank source character lands in exactly one article field; `parsePageSpans` says where.
 */
import type { Article } from '../domain/types.js';
import { foldWidth } from '../text/normalize.js';

export type Field = 'kicker' | 'headline' | 'subheadline' | 'byline' | 'dateline' | 'continued' | 'body';

/** A stretch `[start, end)` of the source and the article field it became. */
export interface Span {
  field: Field;
  start: number;
  end: number;
}

export interface ParsedPage {
  articles: Article[];
  /** `spans[i]`: where the source text of `articles[i]` came from, header fields and body alike. */
  spans: Span[][];
}

export function parsePage(file: string, source: string): Article[] {
  return parsePageSpans(file, source).articles;
}

export function parsePageSpans(file: string, source: string): ParsedPage {
  const items = scanLines(source).map(classify);
  const drafts = moveStrayKickers(readArticles(items));
  const built = drafts.map((draft, index) => buildArticle(file, index, draft));
  return { articles: built.map((b) => b.article), spans: built.map((b) => b.spans) };
}

// ---------------------------------------------------------------------------------------------
// Lines and what they are

export interface Piece {
  start: number;
  end: number;
  text: string;
}

type Role = 'byline' | 'dateline' | 'continued' | 'body';
interface Part extends Piece {
  role: Role;
}

type Kind = 'byline' | 'dateline' | 'continued' | 'caption' | 'closing' | 'text';
interface Item extends Piece {
  /** Blank lines right above this one: two or more mark a hole where a photo was printed. */
  gap: number;
  kind: Kind;
  parts: Part[];
  /** Could be printed as a headline, kicker or section heading (decided once: it is asked often). */
  title: boolean;
}

export interface Line extends Piece {
  gap: number;
}

export function scanLines(source: string): Line[] {
  const lines: Line[] = [];
  let position = 0;
  let gap = 0;
  for (const raw of source.split('\n')) {
    const text = raw.trim();
    if (text) {
      const start = position + raw.length - raw.trimStart().length;
      lines.push({ start, end: start + text.length, text, gap });
      gap = 0;
    } else {
      gap++;
    }
    position += raw.length + 1;
  }
  return lines;
}

// Patterns run on width-folded text (，→, （→( ？→?), which keeps offsets.
const DATELINE = /本报(?:\d{1,2}月\d{1,2}日|(?!记者|通讯)[\u4e00-\u9fff]{1,4}?)?[讯电](?=\s|$)/;
const CONTINUED = /^\(上接第?[一二三四五六七八九十\d]+版\)/;
const NAMES = '[\\u4e00-\\u9fff]{2,4}(?:[ \\t]+[\\u4e00-\\u9fff]{2,4})*';
const CLOSING_LINE = new RegExp(`^\\(${NAMES}\\)$`);
/** A closing byline printed at the end of the last paragraph, after its final punctuation. */
const CLOSING_TAIL = new RegExp(`(?<=[。!?…”])\\(${NAMES}\\)$`);
const FINISHED = /[。!?;…][”’」』"')]*$/;
/** A news lead opens with the day of the event; such a paragraph is never the tail of another. */
const DATE_LEAD = /^\d{1,2}月\d{1,2}日/;
const DATE = /(?<!\d)\d{1,2}月\d{1,2}日/;

function part(line: Piece, from: number, to: number, role: Role): Part[] {
  const raw = line.text.slice(from, to);
  const text = raw.trim();
  if (!text) return [];
  const start = line.start + from + raw.length - raw.trimStart().length;
  return [{ role, start, end: start + text.length, text }];
}

/** Splits what follows a byline or marker on the same line: a dateline, then body text. */
function tail(line: Piece, from: number): Part[] {
  const rest = foldWidth(line.text.slice(from));
  const skipped = rest.length - rest.trimStart().length;
  const dateline = DATELINE.exec(rest.trimStart());
  if (dateline?.index === 0) {
    const end = from + skipped + dateline[0].length;
    return [...part(line, from, end, 'dateline'), ...part(line, end, line.text.length, 'body')];
  }
  return part(line, from, line.text.length, 'body');
}

function classify(line: Line): Item {
  const { kind, parts } = kindOf(line);
  return { ...line, kind, parts, title: kind === 'text' && parts.length === 1 && titleShaped(line.text) };
}

function kindOf(line: Line): { kind: Kind; parts: Part[] } {
  const folded = foldWidth(line.text);
  const item = (kind: Kind, parts: Part[]) => ({ kind, parts });
  if (folded.startsWith('□')) {
    const reported = folded.indexOf('报道');
    const dateline = DATELINE.exec(folded);
    const ends = [reported >= 0 ? reported + 2 : folded.length, dateline ? dateline.index : folded.length];
    const end = Math.min(...ends);
    return item('byline', [...part(line, 0, end, 'byline'), ...tail(line, end)]);
  }
  if (DATELINE.exec(folded)?.index === 0) return item('dateline', tail(line, 0));
  const continued = CONTINUED.exec(folded);
  if (continued)
    return item('continued', [...part(line, 0, continued[0].length, 'continued'), ...tail(line, continued[0].length)]);
  if (folded.startsWith('■')) return item('caption', part(line, 0, line.text.length, 'body'));
  if (CLOSING_LINE.test(folded)) return item('closing', part(line, 0, line.text.length, 'byline'));
  const closing = CLOSING_TAIL.exec(folded);
  if (closing) {
    return item('text', [
      ...part(line, 0, closing.index, 'body'),
      ...part(line, closing.index, line.text.length, 'byline'),
    ]);
  }
  return item('text', part(line, 0, line.text.length, 'body'));
}

function visibleLength(text: string): number {
  return text.replace(/\s/g, '').length;
}

function balanced(text: string): boolean {
  const count = (ch: string) => text.split(ch).length - 1;
  const pairs = ['“”', '‘’', '《》', '()', '「」', '【】'];
  return pairs.every(([open, close]) => count(open) === count(close)) && count('"') % 2 === 0;
}

const finished = (text: string) => FINISHED.test(foldWidth(text));

/** Section headings inside articles are short (`家门口评议`, `“7+3”云述职`); headlines may be long. */
const HEADING_MAX = 16;
const TITLE_MAX = 50;
/** A kicker ending in `——` can run to a whole summary sentence. */
const KICKER_MAX = 80;
const short = (item: Item) => visibleLength(item.text) <= HEADING_MAX;
const isKicker = (item: Piece) => item.text.endsWith('——');
/** A title line that asks (`持续高质量增长背后有何“秘诀”?`) leads into the headline below it. */
const asks = (line: Piece) => /[?？]$/.test(line.text);

/** A line's text could be printed as a headline, kicker or section heading: short, whole, not a sentence. */
function titleShaped(text: string): boolean {
  const folded = foldWidth(text);
  const kicker = text.endsWith('——');
  if (visibleLength(folded) > (kicker ? KICKER_MAX : TITLE_MAX) || folded.includes('。') || !balanced(folded))
    return false;
  return kicker || !/[,、:;。!]$/.test(folded);
}

const titleLike = (item: Item | undefined): boolean => item?.title === true;

// ---------------------------------------------------------------------------------------------
// Article headers: title lines, bylines, datelines and captions that open an article

interface Header {
  first: number;
  last: number;
  /** Title lines (kicker, headline, sub-headlines), in page order. */
  titles: number[];
}

const isAnchor = (item: Item) => item.kind === 'byline' || item.kind === 'dateline' || item.kind === 'continued';
const hasBody = (item: Item) => item.parts.some((p) => p.role === 'body');

/**
 * A finished paragraph alone in a photo hole, followed by a bare `□记者 … 报道`: a photo caption
 * and its credit. The credit closes the caption; it does not open the text printed after it.
 */
function isPhotoCaption(items: Item[], i: number): boolean {
  const [line, credit] = [items[i], items[i + 1]];
  return (
    i > 0 &&
    line.kind === 'text' &&
    line.parts.length === 1 &&
    line.gap >= 2 &&
    finished(line.text) &&
    credit?.kind === 'byline' &&
    !hasBody(credit) &&
    credit.gap <= 1
  );
}

/** Title lines sit right above their anchor; only a caption ■ is printed below a photo hole. */
function adjacentAbove(item: Item): boolean {
  return item.gap <= 1 || item.kind === 'caption';
}

function stanzas(items: Item[], lines: number[]): number[][] {
  const groups: number[][] = [];
  for (const i of lines) {
    const previous = groups.at(-1);
    if (previous && items[i].gap === 0 && previous.at(-1) === i - 1) previous.push(i);
    else groups.push([i]);
  }
  return groups;
}

/** A kicker, a headline and a sub-headline at most: more title lines belong to the article above. */
const MAX_STANZAS = 3;

/** A short line after a paragraph or anchor is a section heading, and a heading is followed by body. */
function loneHeading(items: Item[], i: number): boolean {
  return i >= 0 && titleLike(items[i]) && short(items[i]) && !titleLike(items[i - 1]);
}

/** The title lines printed above the anchor group that starts at `first`. */
function titleZone(items: Item[], first: number, floor: number): number[] {
  const zone: number[] = [];
  for (let k = first - 1; k >= floor && titleLike(items[k]) && adjacentAbove(items[k + 1]); k--) zone.push(k);
  const kept = stanzas(items, zone.reverse()).slice(-MAX_STANZAS).flat();
  let from = 0;
  while (from < kept.length && loneHeading(items, kept[from] - 1)) from++;
  return kept.slice(from);
}

/** Title lines printed between a bare byline and its dateline (`□记者 … 报道` / title / `本报青岛讯`). */
function titlesBeforeDateline(items: Item[], from: number): number[] {
  const run: number[] = [];
  let k = from;
  while (titleLike(items[k]) && items[k].gap <= 1) run.push(k++);
  return run.length && items[k]?.kind === 'dateline' && items[k].gap <= 1 ? run : [];
}

/**
 * Extends a header past its anchor at `last`: a dateline under a bare byline, a caption under a
 * photo, title lines between a bare byline and its dateline. Returns the header's last line.
 */
function headerEnd(items: Item[], first: number, last: number, titles: number[]): number {
  // What the header holds so far, kept up to date as it grows: a header can run over many captions.
  const kinds = new Set<Kind>();
  let body = false;
  const take = (from: number, to: number) => {
    for (const item of items.slice(from, to + 1)) {
      kinds.add(item.kind);
      body ||= item.kind !== 'caption' && hasBody(item);
    }
  };
  take(first, last);
  for (;;) {
    if (body) return last;
    const next = items[last + 1];
    if (next && (next.kind === 'caption' || (isAnchor(next) && next.gap <= 1 && !kinds.has(next.kind)))) {
      last++;
      take(last, last);
      continue;
    }
    const between = kinds.has('dateline') ? [] : titlesBeforeDateline(items, last + 1);
    if (!between.length) return last;
    titles.push(...between);
    take(last + 1, between.at(-1)! + 1);
    last = between.at(-1)! + 1;
  }
}

function findHeaders(items: Item[], photos: Set<number>): Map<number, Header> {
  const headers = new Map<number, Header>();
  let floor = 0;
  for (let i = 0; i < items.length; i++) {
    if (!isAnchor(items[i]) || photos.has(i - 1)) continue;
    let first = i;
    while (first - 1 >= floor && items[first - 1].kind === 'caption') first--;
    const titles = titleZone(items, first, floor);
    const last = headerEnd(items, first, i, titles);
    const start = titles.length ? Math.min(titles[0], first) : first;
    headers.set(start, { first: start, last, titles });
    floor = last + 1;
    i = last;
  }
  return headers;
}

// ---------------------------------------------------------------------------------------------
// Reading the page into article drafts

interface Paragraph {
  pieces: Piece[];
  heading: boolean;
  /** Ends a sentence: kept as pieces come, as a table's rows can make one paragraph of thousands. */
  finished: boolean;
}

interface Draft {
  titles: Piece[][];
  kicker: Piece[];
  headline: Piece | null;
  subheadlines: Piece[];
  byline: Piece[];
  dateline: Piece | null;
  continued: Piece | null;
  paragraphs: Paragraph[];
  /** A closing byline or photo credit ended it: later text belongs elsewhere. */
  closed: boolean;
  /** The character pairs of its titles and paragraphs, kept as lines join it. */
  vocabulary: Vocabulary;
}

function newDraft(): Draft {
  return {
    titles: [],
    kicker: [],
    headline: null,
    subheadlines: [],
    byline: [],
    dateline: null,
    continued: null,
    paragraphs: [],
    closed: false,
    vocabulary: new Vocabulary(),
  };
}

/** Closing quotes and brackets: they end a sentence's text without changing whether it ended. */
const CLOSERS_ONLY = /^[”’」』"')]*$/;

function setTitles(draft: Draft, titles: Piece[][]): void {
  draft.titles = titles;
  for (const line of titles.flat()) draft.vocabulary.add(line.text);
}

function addParagraph(draft: Draft, piece: Piece, heading: boolean): void {
  draft.paragraphs.push({ pieces: [piece], heading, finished: finished(piece.text) });
  draft.vocabulary.add(piece.text);
}

/** Adds the rest of the draft's last paragraph, broken off by the layout. */
function extendParagraph(draft: Draft, piece: Piece): void {
  const paragraph = draft.paragraphs.at(-1)!;
  paragraph.pieces.push(piece);
  if (!CLOSERS_ONLY.test(foldWidth(piece.text))) paragraph.finished = finished(piece.text);
  draft.vocabulary.add(piece.text);
}

/** The last paragraph broke off mid-sentence and waits for the rest. */
function waiting(draft: Draft): boolean {
  const last = draft.paragraphs.at(-1);
  return !draft.closed && !!last && !last.heading && !last.finished;
}

/**
 * The character pairs of pieces of text read one after another, as one run of letters and digits
 * (punctuation and the breaks between pieces left out): what an article is about.
 */
class Vocabulary {
  readonly pairs = new Set<string>();
  private previous = '';

  add(text: string): this {
    for (const ch of text.replace(/[^\p{L}\p{N}]/gu, '')) {
      if (this.previous) this.pairs.add(this.previous + ch);
      this.previous = ch;
    }
    return this;
  }
}

const pairsOf = (texts: string[]): Set<string> =>
  texts.reduce((vocabulary, text) => vocabulary.add(text), new Vocabulary()).pairs;

/** Share of a text's character pairs that an article already uses: which article it is about. */
function affinity(own: Set<string>, known: Set<string>): number {
  if (!own.size) return 0;
  let shared = 0;
  for (const pair of own) if (known.has(pair)) shared++;
  return shared / own.size;
}

/** How much better another article must fit before text leaves the column it is printed in. */
const SWITCH_MARGIN = 0.05;
/**
 * The articles read last, among which a broken-off paragraph finds its rest. A page prints a dozen
 * or two; a list or table read as hundreds of short articles must not have each line compared with
 * all of them (that made parsing quadratic).
 */
const NEARBY_ARTICLES = 40;

/**
 * The article whose broken-off paragraph this text completes, if any. Interleaved columns mean
 * that can be another article than the current one; the text's vocabulary decides between them.
 */
function continuationOf(text: string, drafts: Draft[], current: Draft | null): Draft | null {
  if (DATE_LEAD.test(text)) return null;
  const candidates = drafts.slice(-NEARBY_ARTICLES).filter(waiting);
  if (!candidates.length || (current && !current.closed && !waiting(current))) return null;
  const own = pairsOf([text]);
  let best = current && waiting(current) ? current : null;
  let bestScore = best ? affinity(own, best.vocabulary.pairs) + SWITCH_MARGIN : -1;
  for (const draft of candidates) {
    const score = affinity(own, draft.vocabulary.pairs);
    if (score > bestScore) [best, bestScore] = [draft, score];
  }
  return best;
}

/**
 * How many title lines run from each line on (none between them, or one blank): counted once
 * from the end, as a table or list of title-like lines would otherwise be walked from every row.
 */
function titleRunLengths(items: Item[]): number[] {
  const lengths = new Array<number>(items.length + 1).fill(0);
  for (let k = items.length - 1; k >= 0; k--) {
    if (titleLike(items[k])) lengths[k] = 1 + (k + 1 < items.length && items[k + 1].gap <= 1 ? lengths[k + 1] : 0);
  }
  return lengths;
}

/** The first `max` stanzas of the `length` consecutive lines from `first`. */
function firstStanzas(items: Item[], first: number, length: number, max: number): number[] {
  const lines: number[] = [];
  let count = 0;
  for (let k = first; k < first + length; k++) {
    if (k === first || items[k].gap !== 0) count++;
    if (count > max) break;
    lines.push(k);
  }
  return lines;
}

/** Title lines not followed by an anchor still open an article when nothing else can hold them. */
function titleRun(items: Item[], runLengths: number[], i: number, current: Draft | null): number[] {
  const length = runLengths[i];
  const body = items[i + length];
  if (!length || !body || body.kind !== 'text' || titleLike(body)) return [];
  if (current && waiting(current)) return [];
  const stands = !current || current.closed || (length >= 2 && (!short(items[i]) || isKicker(items[i])));
  return stands ? firstStanzas(items, i, length, MAX_STANZAS) : [];
}

function readArticles(items: Item[]): Draft[] {
  const photos = new Set(items.map((_, i) => i).filter((i) => isPhotoCaption(items, i)));
  const headers = findHeaders(items, photos);
  const runLengths = titleRunLengths(items);
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  const open = (draft: Draft) => {
    drafts.push(draft);
    current = draft;
    return draft;
  };

  for (let i = 0; i < items.length; i++) {
    const header = headers.get(i);
    if (header) {
      open(draftFromHeader(items, header));
      i = header.last;
      continue;
    }
    const item = items[i];
    if (photos.has(i)) {
      const draft = open(newDraft());
      addParagraph(draft, item.parts[0], false);
      draft.byline.push(...items[i + 1].parts);
      draft.closed = true;
      i++;
      continue;
    }
    const run = item.kind === 'text' ? titleRun(items, runLengths, i, current) : [];
    if (run.length) {
      const draft = open(newDraft());
      setTitles(
        draft,
        stanzas(items, run).map((group) => group.map((k) => items[k])),
      );
      i = run.at(-1)!;
      continue;
    }
    current = readBodyLine(item, drafts, current, open);
  }
  return drafts.map(settleTitles);
}

/** Adds a non-header line to the article it belongs to; returns the article now being read. */
function readBodyLine(item: Item, drafts: Draft[], current: Draft | null, open: (draft: Draft) => Draft): Draft | null {
  let target = current;
  for (const p of item.parts) {
    if (p.role === 'byline') {
      target ??= open(newDraft());
      target.byline.push(p);
      target.closed = true;
      continue;
    }
    const last = target?.paragraphs.at(-1);
    const heading = item.kind === 'text' && titleLike(item) && short(item) && !last?.heading;
    const continues = item.kind === 'text' && !heading ? continuationOf(p.text, drafts, target) : null;
    if (continues) {
      extendParagraph(continues, p);
      target = continues;
      continue;
    }
    if (!target || target.closed) target = open(newDraft());
    addParagraph(target, p, heading);
  }
  return target;
}

function draftFromHeader(items: Item[], header: Header): Draft {
  const draft = newDraft();
  const titles = new Set(header.titles);
  setTitles(
    draft,
    stanzas(items, header.titles).map((group) => group.map((k) => items[k])),
  );
  for (let k = header.first; k <= header.last; k++) {
    if (titles.has(k)) continue;
    for (const p of items[k].parts) {
      if (p.role === 'byline') draft.byline.push(p);
      else if (p.role === 'dateline') draft.dateline = p;
      else if (p.role === 'continued') draft.continued = p;
      else addParagraph(draft, p, false);
    }
  }
  return draft;
}

// ---------------------------------------------------------------------------------------------
// Which title line is the headline

const titleLength = (line: Piece) => visibleLength(line.text.replace(/[^\p{L}\p{N}]/gu, ''));

/**
 * Picks the headline stanza. A stanza ending in `——` or asking a question is a kicker. A stanza of two lines printed
 * together is headline + sub-headline (`青岛长护险暖心服务` / `13万名失能失智人员`). Otherwise the
 * shorter of two lines is the headline: kickers and sub-headlines explain, headlines are terse.
 * With three stanzas the first is a column label or kicker (`强信心·稳经济·促发展`).
 */
function headlineStanza(groups: Piece[][]): number {
  const all = groups.map((_, g) => g);
  const stating = all.filter((g) => !isKicker(groups[g][0]) && !asks(groups[g][0]));
  const candidates = stating.length ? stating : all.filter((g) => !isKicker(groups[g][0]));
  if (!candidates.length) return groups.length - 1;
  const together = candidates.find((g) => groups[g].length >= 2);
  if (together !== undefined) return together;
  const pool = candidates.length >= 3 ? candidates.slice(1) : candidates;
  const [a, b] = pool;
  return b !== undefined && titleLength(groups[b][0]) < titleLength(groups[a][0]) ? b : a;
}

function settleTitles(draft: Draft): Draft {
  if (!draft.titles.length) return draft;
  const h = headlineStanza(draft.titles);
  const [headline, ...under] = draft.titles[h];
  return {
    ...draft,
    kicker: draft.titles.slice(0, h).flat(),
    headline,
    subheadlines: [...under, ...draft.titles.slice(h + 1).flat()],
  };
}

/**
 * A kicker printed above the wrong headline (page 003: `2020年青岛“三民”活动创新求变——` sits over
 * `上合示范区 “俄罗斯中心”启动`, while the 三民 story is the next article) moves to the next
 * article when it shares no words with its own and some with the next one.
 */
function moveStrayKickers(drafts: Draft[]): Draft[] {
  const moved = drafts.map((draft) => ({ ...draft }));
  for (let i = 0; i + 1 < moved.length; i++) {
    const [own, next] = [moved[i], moved[i + 1]];
    if (!own.kicker.length || next.kicker.length || !own.headline) continue;
    const kicker = own.kicker.map((p) => p.text).join('');
    const words = pairsOf([kicker]);
    const texts = (titles: Piece[], draft: Draft) =>
      [...titles, ...draft.paragraphs.flatMap((p) => p.pieces)].map((p) => p.text);
    const ownWords = pairsOf(texts([own.headline, ...own.subheadlines], own));
    const nextWords = pairsOf(texts(next.headline ? [next.headline, ...next.subheadlines] : [], next));
    if (affinity(words, ownWords) === 0 && affinity(words, nextWords) > 0) {
      next.kicker = own.kicker;
      own.kicker = [];
    }
  }
  return moved;
}

// ---------------------------------------------------------------------------------------------
// Drafts to articles

/** For an article printed without a headline: its first sentence, shortened to a few clauses. */
export function derivedHeadline(body: string): string {
  const sentence = (body.split('\n').find((line) => line.trim()) ?? '').split(/(?<=[。！？!?；;])/)[0];
  const clauses = sentence.replace(/^\d{1,2}月\d{1,2}日[^，,。]{0,6}[，,]/, '').split(/(?<=[，,；;。！？!?])/);
  let headline = '';
  for (const clause of clauses) {
    if (headline.length >= 12) break;
    headline += clause;
  }
  headline = headline.replace(/[，,；;。！？!?]$/, '');
  return headline.length > 40 ? `${headline.slice(0, 40)}…` : headline;
}

function eventDate(draft: Draft, body: string): string | null {
  const fromDateline = draft.dateline && DATE.exec(draft.dateline.text);
  if (fromDateline) return fromDateline[0];
  // A continuation's lead, with the event date, is on the front page.
  if (draft.continued) return null;
  return DATE.exec(body.slice(0, DATE_WINDOW))?.[0] ?? null;
}

/** The lead, where a news story gives the day of its event, opens the body. */
const DATE_WINDOW = 400;

function buildArticle(file: string, index: number, draft: Draft): { article: Article; spans: Span[] } {
  const spans: Span[] = [];
  const mark = (field: Field, pieces: Array<Piece | null>) => {
    for (const p of pieces) if (p) spans.push({ field, start: p.start, end: p.end });
  };
  mark('kicker', draft.kicker);
  mark('headline', [draft.headline]);
  mark('subheadline', draft.subheadlines);
  mark('byline', draft.byline);
  mark('dateline', [draft.dateline]);
  mark('continued', [draft.continued]);
  for (const paragraph of draft.paragraphs) mark('body', paragraph.pieces);

  let body = '';
  const bodyOffsets: number[] = [];
  draft.paragraphs.forEach((paragraph, n) => {
    if (n > 0) {
      body += '\n';
      bodyOffsets.push(-1);
    }
    for (const piece of paragraph.pieces) {
      body += piece.text;
      for (let k = 0; k < piece.text.length; k++) bodyOffsets.push(piece.start + k);
    }
  });

  const text = (pieces: Piece[]) => (pieces.length ? pieces.map((p) => p.text).join(' ') : null);
  const article: Article = {
    file,
    index,
    headline: draft.headline?.text ?? derivedHeadline(body),
    kicker: text(draft.kicker),
    subheadlines: draft.subheadlines.map((p) => p.text),
    byline: text(draft.byline),
    dateline: draft.dateline?.text ?? null,
    date: eventDate(draft, body),
    continued: draft.continued !== null,
    body,
    bodyOffsets,
  };
  return { article, spans };
}
