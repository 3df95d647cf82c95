# arc-connectivity-bot: production image.
# These steps are the same commands as scripts/production-smoke.cjs, which .ci/run executes
# (no Docker engine on CI machines): build -> fresh folder with dist/ + data/ + package files ->
# npm ci --omit=dev -> node dist/src/index.js, checked on /healthz and one "status" answer.

# ---- build: compile TypeScript to dist/ (needs the devDependencies) ----
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: no install script is needed to compile (the "node" devDependency would
# otherwise download a second Node binary, and botbuilder-dialogs' postinstall runs npx rimraf).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY dialogs ./dialogs
COPY data ./data
RUN node node_modules/typescript/bin/tsc -p tsconfig.json

# ---- runtime: production dependencies only, non-root ----
FROM node:24-slim
# --max-semi-space-size=8 caps V8's young generation: a 10,000-cluster monitor tick peaks at ~203 MB
# RSS instead of ~326 MB with Node's defaults, at no measurable CPU cost (bench/monitor-bench).
# The same flags as `npm start` (scripts/node-flags.cjs; test/unit/bench/node-flags.test.ts keeps them equal).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=8 \
    PORT=3978 \
    PLAYGROUND=off \
    SQLITE_PATH=/var/lib/arc-bot/arc-bot.db
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY data ./data
# State (conversation references, subscriptions, last known status) lives outside the app folder;
# mount a volume there to keep it across container restarts.
RUN mkdir -p /var/lib/arc-bot && chown node:node /var/lib/arc-bot
VOLUME ["/var/lib/arc-bot"]
# The "node" user (uid 1000) ships with the official image.
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
