import { afterEach, describe, expect, it } from 'vitest';
import os from 'node:os';
import { request } from 'node:http';
import { Registry } from 'prom-client';
import { startHttpServer, type HealthSources, type HttpServer } from '../../src/app/http-server.js';

/** An address of this machine other than loopback, if it has one. */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;

const health = (ready: boolean): HealthSources => ({
  live: () => true,
  ready: async () => ({ ready, reason: ready ? null : 'the index is not built yet' }),
  metrics: new Registry(),
});

/** Status of a request, without keeping the connection. */
function status(host: string, port: number, method: string, path: string, headers = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, headers: { connection: 'close', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the HTTP server', () => {
  let servers: HttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  const start = async (options: Partial<Parameters<typeof startHttpServer>[0]>) => {
    const server = await startHttpServer({ port: 0, host: null, portVariable: 'HEALTH_PORT', ...options });
    servers.push(server);
    return server;
  };

  it('serves the health endpoints and the webhook on one port, and nothing else', async () => {
    const posted: string[] = [];
    const { port } = await start({
      health: health(false),
      webhook: {
        path: '/telegram',
        handle: (req, res) => {
          posted.push(req.url!);
          res.writeHead(200).end();
        },
      },
    });
    expect(await status('127.0.0.1', port, 'GET', '/healthz')).toBe(200);
    expect(await status('127.0.0.1', port, 'GET', '/readyz')).toBe(503);
    expect(await status('127.0.0.1', port, 'GET', '/metrics')).toBe(200);
    expect(await status('127.0.0.1', port, 'POST', '/telegram', { 'content-length': '2' })).toBe(200);
    expect(await status('127.0.0.1', port, 'POST', '/telegram', { 'content-length': '2000000' })).toBe(413);
    expect(await status('127.0.0.1', port, 'GET', '/telegram')).toBe(404);
    expect(await status('127.0.0.1', port, 'POST', '/healthz', { 'content-length': '2' })).toBe(404);
    expect(posted).toEqual(['/telegram']);
  });

  it.skipIf(!outside)('listens on every interface by default, and only on HEALTH_HOST when it is set', async () => {
    const all = await start({ health: health(true) });
    expect(await status(outside!, all.port, 'GET', '/healthz')).toBe(200);
    const loopback = await start({ health: health(true), host: '127.0.0.1' });
    expect(await status('127.0.0.1', loopback.port, 'GET', '/healthz')).toBe(200);
    await expect(status(outside!, loopback.port, 'GET', '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('names the variable whose port cannot be listened on', async () => {
    const { port } = await start({});
    await expect(startHttpServer({ port, host: null, portVariable: 'WEBHOOK_PORT' })).rejects.toThrow(
      new RegExp(`^WEBHOOK_PORT: cannot listen on port ${port}: .*EADDRINUSE`),
    );
  });
});
