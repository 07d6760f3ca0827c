# sts-chaos: a multi-stage build, Node 24, production dependencies only, non-root (65532), works with a
# read-only root filesystem (writes only to /tmp and /reports). `npm run image` makes the same image
# without a Docker engine (scripts/image.sh follows these steps).

# --- build: compile the TypeScript to dist/ -------------------------------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY suites ./suites
RUN npx tsc -p tsconfig.build.json

# --- production dependencies ----------------------------------------------------------------------------
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime: node, the compiled engine and suites, production node_modules; nothing else --------------
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
RUN mkdir -p /reports && chown 65532:65532 /reports
USER 65532:65532
# node is PID 1 and handles SIGTERM itself (it reverts every fault, then exits 4): no npm, no shell.
# A small young generation keeps the run's peak memory down (npm run bench measures it).
ENTRYPOINT ["node", "--max-semi-space-size=2", "/app/dist/src/cli/main.js"]
CMD ["run"]
