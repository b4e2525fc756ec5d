import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './telegram-server.js';

function redisServerPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'redis-server is not installed: these tests run against a real one (apt-get install -y redis-server; .ci/run installs it)',
    );
  }
}

/**
 * A real redis-server on a free loopback port, with append-only persistence (fsync on every write)
 * in a folder of its own, so a restart keeps what it acknowledged.
 */
export class TestRedis {
  private process: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly binary: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedis> {
    const binary = redisServerPath();
    const redis = new TestRedis(await freePort(), await mkdtemp(path.join(os.tmpdir(), 'qd-redis-')), binary);
    await redis.run();
    return redis;
  }

  /** Starts the server again after `kill`, over the same files. */
  async run(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes'];
    this.process = spawn(this.binary, [...args, '--appendfsync', 'always', '--dir', this.dir], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    // Refused connections are expected while the server starts.
    probe.on('error', () => undefined);
    try {
      for (let attempt = 0; attempt < 100; attempt++) {
        if (
          await probe.connect().then(
            () => probe.ping().then(() => true),
            () => false,
          )
        )
          return;
        probe.disconnect();
        await delay(50);
      }
      throw new Error(`redis-server did not start on port ${this.port}`);
    } finally {
      probe.disconnect();
    }
  }

  /** Kills the server outright, as a crash would (SIGKILL: no shutdown save). */
  async kill(): Promise<void> {
    const running = this.process;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    this.process = null;
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
