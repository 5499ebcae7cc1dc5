# chat-dlp: multi-stage image. Stage 1 compiles the native modules (re2, better-sqlite3) with a
# tool chain; stage 2 holds only the runtime and runs as the unprivileged `node` user.
# Build: docker build -t chat-dlp .      Run: docker run -p 3000:3000 -v dlp-data:/data chat-dlp
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Production dependencies only (tsx is one: the service runs its TypeScript directly).
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    RULES_DIR=/app/rules \
    LOG_PRETTY=false
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY rules ./rules
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM -> graceful shutdown (stop accepting, finish actions in flight, leave the rest in the outbox).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
