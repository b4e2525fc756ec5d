import { articleSource } from '../../domain/source.js';
import type { Postprocessor } from './postprocessor.js';

/** Each passage with where its page was printed: citations show it, the chat model reads it. */
export const pageSources: Postprocessor = {
  async process(lists, { index }) {
    const sources = await index.sources();
    return lists.map((list) =>
      list.map((passage) => ({ ...passage, source: articleSource(sources.get(passage.file), passage.articleIndex) })),
    );
  },
};
