import type { IndexProgress } from '../domain/types.js';

/** One line of ingest progress: counts, and the time left once there is a rate to go by. */
export function formatProgress(progress: IndexProgress, elapsedMs: number): string {
  const { stage, pagesDone, pagesTotal, chunksEmbedded } = progress;
  if (stage === 'store') return `writing the index (${pagesTotal} pages, ${chunksEmbedded} passages embedded)…`;
  if (stage === 'optimize') return 'updating the search indexes…';
  if (stage === 'done') return 'done';
  const counts = `pages parsed ${pagesDone}/${pagesTotal} · passages embedded ${chunksEmbedded}`;
  // The first pages include start-up costs: an estimate from them would mislead.
  if (pagesDone < 20 || pagesDone >= pagesTotal || elapsedMs < 1_000) return counts;
  const left = ((pagesTotal - pagesDone) * elapsedMs) / pagesDone / 1000;
  return `${counts} · about ${left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`} left`;
}

/**
 * Progress for a terminal: one line, redrawn at most ten times a second. Piped output gets
 * none of it, so a log holds only the summary line.
 */
export function terminalProgress(
  stream: NodeJS.WriteStream,
  now: () => number = Date.now,
): ((progress: IndexProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const started = now();
  let drawnAt = Number.NEGATIVE_INFINITY;
  return (progress) => {
    const at = now();
    if (at - drawnAt < 100 && progress.stage !== 'done' && progress.stage !== 'store') return;
    drawnAt = at;
    const line = formatProgress(progress, at - started);
    stream.write(`\r\x1b[2K${line}${progress.stage === 'done' ? '\n' : ''}`);
  };
}
