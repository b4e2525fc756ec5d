# The bot in production: compiled JavaScript run by node as PID 1's child (compose sets init),
# dependencies without the dev toolchain, a non-root user, and the index and answer log in /data.
# tests/e2e/dockerfile.test.ts runs these steps in order, without a container engine; steps
# marked "container-only" touch the image's system and are skipped there.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data SEEDS_DIR=/app/seeds LOG_FORMAT=json HEALTH_PORT=8081 MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
# No install scripts: the production dependencies ship prebuilt binaries and need none.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prompts ./prompts
COPY locales ./locales
COPY seeds ./seeds
RUN mkdir -p /data && chown node:node /data # container-only
VOLUME ["/data"]
USER node
# 8080: the webhook (with its /healthz); 8081: /healthz, /readyz and /metrics when polling.
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD ["node", "-e", "const port = process.env.WEBHOOK_URL ? process.env.WEBHOOK_PORT || 8080 : process.env.HEALTH_PORT; fetch(`http://127.0.0.1:${port}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/cli/start.js"]
