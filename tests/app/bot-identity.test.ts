import { GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { identifyBot, TOKEN_REFUSED } from '../../src/app/bot-identity.js';
import { logInto } from '../support/log.js';

const ME = { id: 1, is_bot: true, first_name: 'Bot', username: 'qd_bot' } as UserFromGetMe;
const API_ROOT = 'http://user:secret@bot-api.example:8081';

/** getMe failing with each of `failures` in turn, then answering. */
function flaky(failures: Error[]): () => Promise<UserFromGetMe> {
  return async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return ME;
  };
}

const system = (code: string) => Object.assign(new Error(`request to ${API_ROOT}/bot1:x/getMe failed`), { code });
const unreachable = (cause: Error) => new HttpError("Network request for 'getMe' failed!", cause);

describe('identifyBot', () => {
  it('says, at each retry, that the Bot API is out of reach and why, never quoting the request', async () => {
    const lines: string[] = [];
    const failures = [
      unreachable(system('ECONNREFUSED')),
      unreachable(system('ENOTFOUND')),
      unreachable(new Error("Request to 'getMe' timed out after 30 seconds")),
    ];
    const me = await identifyBot(flaky(failures), { apiRoot: API_ROOT, log: logInto(lines), retryMs: 10 });
    expect(me).toBe(ME);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(
      ['ECONNREFUSED', 'ENOTFOUND', 'timeout'].map(
        (why) => `Telegram Bot API at bot-api.example:8081 unreachable (${why}); retrying getMe every 0.01 s`,
      ),
    );
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('waits out a server error, and stops at once with what to do when the token is refused', async () => {
    const lines: string[] = [];
    const refused = new GrammyError(
      "Call to 'getMe' failed!",
      { ok: false, error_code: 401, description: 'Unauthorized' },
      'getMe',
      {},
    );
    const busy = new GrammyError(
      "Call to 'getMe' failed!",
      { ok: false, error_code: 502, description: 'Bad Gateway' },
      'getMe',
      {},
    );
    const attempt = identifyBot(flaky([busy, refused]), { apiRoot: API_ROOT, log: logInto(lines), retryMs: 10 });
    await expect(attempt).rejects.toThrow(TOKEN_REFUSED);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      'Telegram Bot API at bot-api.example:8081 answered 502 (Bad Gateway); retrying getMe every 0.01 s',
    ]);
  });
});
