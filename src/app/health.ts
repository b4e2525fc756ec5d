import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface Readiness {
  ready: boolean;
  /** Why not, when not. */
  reason: string | null;
}

export interface HealthSources {
  /** Whether the process can take work (updates are being received). */
  live: () => boolean;
  /** Whether it can answer: the index open and searchable. */
  ready: () => Promise<Readiness>;
  metrics: Registry;
}

/**
 * `/healthz` (live), `/readyz` (answering) and `/metrics` (Prometheus); returns false for any
 * other path, so it sits in front of the webhook on the same server.
 */
export function healthRoutes(sources: HealthSources): (req: IncomingMessage, res: ServerResponse) => boolean {
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    switch (path) {
      case '/healthz': {
        const live = sources.live();
        json(res, live ? 200 : 503, { live });
        return true;
      }
      case '/readyz':
        sources.ready().then(
          (readiness) => json(res, readiness.ready ? 200 : 503, readiness),
          (error: Error) => json(res, 503, { ready: false, reason: error.message }),
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
  };
}
