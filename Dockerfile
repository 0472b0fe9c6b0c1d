# syntax=docker/dockerfile:1
# The CMS image: installs, builds Next.js once, and runs migrations then the server as `node`.

FROM node:20-bookworm-slim AS base
# package.json's "allowScripts" (which install scripts may run) is read by npm 11, not Node 20's npm 10
RUN npm i -g npm@11
# Next.js would otherwise phone home during build and start
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# dependencies in their own layer so source edits do not reinstall them
FROM base AS deps
COPY package.json package-lock.json ./
# the plugins are npm workspaces: npm ci links them from their package.json files
COPY plugins/jobs/package.json plugins/jobs/package.json
COPY plugins/email/package.json plugins/email/package.json
COPY plugins/ai-pages/package.json plugins/ai-pages/package.json
COPY plugins/stripe-checkout/package.json plugins/stripe-checkout/package.json
COPY storefront/package.json storefront/package.json
# dev dependencies are kept: the build needs TypeScript, and Next/tsx read tsconfig at run time
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# APP_ENV is left unset here so the build never asks for production secrets;
# the build cache is only useful to the next build, so it stays out of the image
RUN npm run build && rm -rf .next/cache

FROM base AS runtime
ENV NODE_ENV=production
ENV PORT=3000
# root owns the code (the app cannot rewrite itself); node owns only what it must write
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/next.config.ts /app/payload.config.ts ./
COPY --from=build /app/src ./src
COPY --from=build /app/collections ./collections
COPY --from=build /app/plugins ./plugins
# Next.js writes its image cache under .next/cache; media/ holds uploads when S3 is not configured
COPY --from=build --chown=node:node /app/.next ./.next
RUN mkdir -p media .data && chown node:node media .data
USER node
EXPOSE 3000
# /api/health answers without the database; the slim image has no curl, so Node's fetch asks
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# migrations first (idempotent), then exec so the server gets the container's SIGTERM
# migrations, then the seed (idempotent: only into an empty database, so the first admin never
# comes from a public request), then the server as PID 1
# (node --import tsx, not npx tsx: the server itself gets SIGTERM, with time to stop cleanly)
CMD ["sh", "-c", "node --import tsx src/scripts/migrate.ts && node --import tsx src/scripts/seed.ts && exec node --import tsx src/server.ts"]
