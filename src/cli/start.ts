import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import { main } from '../app/main.js';
import { runCli } from './args.js';
import { warmDictionary } from '../text/crosslingual.js';

/** `npm start`: the Telegram bot, or the terminal sandbox when no TELEGRAM_BOT_TOKEN is set. */
await runCli(async () => {
  const config = loadConfig();
  // A bot runs for long: build the English dictionary now, off the start-up path, rather than
  // make the first English question wait for it. One-shot tools build it only if they need it.
  setImmediate(warmDictionary);
  await main(config, { input: process.stdin, output: process.stdout }, (log) => createCore(config, { log }));
});
// The throttler's timers would keep an otherwise finished process alive.
process.exit();
