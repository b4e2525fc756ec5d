import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/workspace.js';

const SRC = path.join(REPO, 'src');

/** Every module of src/ with the modules of src/ it imports (type-only imports too: they tie the code as much). */
function importGraph(): Map<string, string[]> {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split(path.sep).join('/'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(([, spec]) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts'),
    );
    graph.set(
      file,
      targets.filter((target) => files.includes(target)),
    );
  }
  return graph;
}

/** The folder a module belongs to: its first path segment under src/. */
const layerOf = (file: string) => file.split('/')[0];

describe('the structure of src/', () => {
  const graph = importGraph();

  it('has no import circle', () => {
    const circles: string[][] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file]);
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('flows one way: pages → ingest → index → question pipeline → bot / CLI, with the composition root on top', () => {
    // What each folder may import besides itself: text and observe are the ground floor, domain stands on them.
    const allowed: Record<string, string[]> = {
      text: [],
      observe: [],
      domain: ['text', 'observe'],
      adapters: ['domain', 'observe'],
      state: ['domain', 'observe'],
      ingest: ['domain', 'text', 'observe'],
      eval: ['domain', 'text'],
      index: ['domain', 'text', 'observe', 'ingest'],
      qa: ['domain', 'text', 'observe', 'adapters', 'index'],
      bot: ['domain', 'observe', 'state'],
      app: ['domain', 'text', 'observe', 'adapters', 'state', 'ingest', 'index', 'qa', 'bot'],
      cli: ['domain', 'text', 'observe', 'app', 'eval', 'bot'],
    };
    const against: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !(allowed[from] ?? []).includes(to)) against.push(`${file} → ${target}`);
      }
    }
    expect(against).toEqual([]);
  });
});
