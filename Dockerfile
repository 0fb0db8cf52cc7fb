# One image for every backend service and the web build; the command picks the service.
FROM node:20-bookworm-slim AS build
# argon2 is compiled from source at install: its prebuilt binary crashes on some CPUs.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY nest-cli.json ./
USER node
CMD ["node", "--enable-source-maps", "dist/apps/gateway/src/main.js"]
