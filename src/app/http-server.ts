import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { failureText } from '../domain/failure.js';
import type { Readiness } from '../domain/types.js';

export interface HealthSources {
  /** Whether the process can take work (updates are being received). */
  live: () => boolean;
  /** Whether it can answer: the index open and searchable. */
  ready: () => Promise<Readiness>;
  metrics: Registry;
}

export interface WebhookRoute {
  /** The path Telegram posts updates to; any other POST is not found. */
  path: string;
  /** Handles a POST whose declared size is within WEBHOOK_MAX_BYTES. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HttpServerOptions {
  port: number;
  /** The interface to listen on; null: all of them (what a container needs). */
  host: string | null;
  /** The variable that chose the port, named when it cannot be listened on. */
  portVariable: 'HEALTH_PORT' | 'WEBHOOK_PORT';
  health?: HealthSources;
  webhook?: WebhookRoute;
}

export interface HttpServer {
  /** The port listened on (the one asked for, or the one given for port 0). */
  port: number;
  /** Settles when the server closes; rejects if it fails after it started listening. */
  done: Promise<void>;
  close(): Promise<void>;
}

/**
 * Telegram's updates are a few kilobytes (a long message with its entities stays under 64 KB);
 * a larger body is refused before it is read, whoever sends it.
 */
const WEBHOOK_MAX_BYTES = 1_000_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** `/healthz` (live), `/readyz` (answering) and `/metrics` (Prometheus); false for any other path. */
function serveHealth(sources: HealthSources, path: string, res: ServerResponse): boolean {
  switch (path) {
    case '/healthz': {
      const live = sources.live();
      json(res, live ? 200 : 503, { live });
      return true;
    }
    case '/readyz':
      sources.ready().then(
        (readiness) => json(res, readiness.ready ? 200 : 503, readiness),
        (error: Error) => json(res, 503, { ready: false, reason: failureText(error, 'en') }),
      );
      return true;
    case '/metrics':
      sources.metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': sources.metrics.contentType }).end(text),
        (error: Error) => res.writeHead(500).end(error.message),
      );
      return true;
    default:
      return false;
  }
}

function serveWebhook(webhook: WebhookRoute, req: IncomingMessage, res: ServerResponse): void {
  const length = Number(req.headers['content-length']);
  if (!Number.isFinite(length) || length > WEBHOOK_MAX_BYTES) {
    // The body is never read; closing the connection after the answer stops the sender.
    res.writeHead(Number.isFinite(length) ? 413 : 411, { connection: 'close' }).end();
    return;
  }
  webhook.handle(req, res);
}

/**
 * The process's one HTTP server: the health endpoints and, in webhook mode, the webhook, on
 * WEBHOOK_PORT or (polling) HEALTH_PORT.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { health, webhook } = options;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (reading && health && serveHealth(health, path, res)) return;
    if (req.method === 'POST' && webhook && path === webhook.path) return serveWebhook(webhook, req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: Error) =>
      reject(new Error(`${options.portVariable}: cannot listen on port ${options.port}: ${error.message}`)),
    );
    server.listen(options.port, options.host ?? undefined, resolve);
  });
  // Made once listening: a failure to listen is reported above, not as an unhandled rejection.
  const done = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('close', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    done,
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return closed;
    },
  };
}
