import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import { main } from '../app/main.js';
import { runCli } from './args.js';
import { dictionaryNotKept, prepareQuestionText } from '../text/prepare.js';

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
