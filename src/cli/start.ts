import { setFlagsFromString } from 'node:v8';
import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import { main } from '../app/main.js';
import { runCli } from './args.js';
import { dictionaryNotKept, prepareQuestionText } from '../text/prepare.js';

/**
 * V8 lets the heap grow to up to four times what survived its last full collection before
 * collecting again: 100 MB live became 360 MB of heap, most of it garbage, after 116 questions at
 * 50,000 pages (RSS 574–603 MB). Growing by 30% at most kept it at 150–170 MB (RSS 501–508 MB),
 * at no cost to the questions' times that the noise of a shared machine showed.
 */
setFlagsFromString('--heap-growing-percent=30');

/** `npm start`: the Telegram bot, or the terminal sandbox when no TELEGRAM_BOT_TOKEN is set. */
await runCli(async () => {
  const config = loadConfig();
  // Everything a question needs is loaded before the first one (jieba, the English dictionary).
  const notKept = prepareQuestionText(config.dataDir);
  if (notKept) console.error(dictionaryNotKept(notKept));
  await main(config, { input: process.stdin, output: process.stdout }, (log) => createCore(config, { log }));
});
// The throttler's timers would keep an otherwise finished process alive.
process.exit();
