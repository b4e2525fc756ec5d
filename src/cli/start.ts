import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import { main } from '../app/main.js';
import { runCli } from './args.js';

/** `npm start`: the Telegram bot, or the terminal sandbox when no TELEGRAM_BOT_TOKEN is set. */
await runCli(async () => {
  const config = loadConfig();
  // A bot runs for long: its first English question should not wait for the dictionary.
  await main(config, { input: process.stdin, output: process.stdout }, (log) =>
    createCore(config, { log, preload: true }),
  );
});
// The throttler's timers would keep an otherwise finished process alive.
process.exit();
