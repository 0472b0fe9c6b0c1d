import { createHash } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { aiPagesPlugin } from '@memory-maker/payload-ai-pages'
import { emailPlugin } from '@memory-maker/payload-email'
import { jobsPlugin } from '@memory-maker/payload-jobs'
import {
  checkoutPlugin,
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
} from '@memory-maker/payload-stripe-checkout'
import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { s3Storage } from '@payloadcms/storage-s3'
import { buildConfig } from 'payload'

import { Books } from './collections/Books'
import { createTrialBook } from './collections/Books/endpoints/createTrialBook'
import { Media } from './collections/Media'
import { Orders } from './collections/Orders'
import { Pages } from './collections/Pages'
import { Users } from './collections/Users'
import { adminsOnly } from './src/access/admins'
import { isStaff } from './src/access/roles'
import { answerBadInput } from './src/hooks/answerBadInput'
import { nameEveryError } from './src/hooks/nameEveryError'
import { withRequestBounds } from './src/hooks/requestBounds'
import { redisProgress } from './src/lib/aiPagesProgress'
import { getEnv } from './src/lib/env'
import { CLIENT_ERROR_NAMES } from './src/lib/http/errors'
import { boundedSharp } from './src/lib/images'
import { withSelfHostedJsonEditor } from './src/lib/jsonFieldEditor'
import { loggerOptions } from './src/lib/logger'
import { enforceLimits } from './src/lib/requestLimits'

const dirname = path.dirname(fileURLToPath(import.meta.url))
const env = getEnv()

export default buildConfig({
  serverURL: env.CMS_URL,
  secret: env.PAYLOAD_SECRET,
  admin: {
    user: Users.slug,
    meta: { titleSuffix: " · Sal's Memory Maker" },
    // Payload's default is Gravatar: a third-party request carrying a hash of the user's email
    avatar: 'default',
    importMap: {
      baseDir: dirname,
      importMapFile: path.resolve(dirname, 'src/app/(payload)/admin/importMap.js'),
    },
  },
  // every collection: ids that cannot name a document are 404s, reads are bounded (limit, depth)
  collections: [Users, Books, Pages, Orders, Media].map(withRequestBounds),
  editor: lexicalEditor(),
  db: postgresAdapter({
    pool: { connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX },
    // schema changes only through committed migrations (src/migrations)
    push: false,
    migrationDir: path.resolve(dirname, 'src/migrations'),
  }),
  // decoding is bounded: a pixel limit on every image, and a few images at a time per process
  sharp: boundedSharp({ maxPixels: env.MEDIA_MAX_PIXELS, concurrency: env.IMAGE_CONCURRENCY }),
  typescript: {
    outputFile: path.resolve(dirname, 'src/payload-types.ts'),
    // types are generated on purpose (npm run generate) and checked by a test, never as a side effect
    autoGenerate: false,
  },
  graphQL: {
    maxComplexity: 1000,
    disablePlaygroundInProduction: true,
  },
  upload: {
    limits: { fileSize: env.MEDIA_MAX_BYTES },
    abortOnLimit: true,
    responseOnLimit: `File is too large (limit ${Math.round(env.MEDIA_MAX_BYTES / 1024 / 1024)} MB).`,
  },
  cors: [env.CMS_URL, env.STOREFRONT_URL],
  csrf: [env.CMS_URL, env.STOREFRONT_URL],
  hooks: { afterError: [answerBadInput, nameEveryError] },
  // a caller's mistake (wrong password, throttled, forbidden, invalid) is an info line without a
  // stack, so a burst of them never floods the error log
  loggingLevels: Object.fromEntries(CLIENT_ERROR_NAMES.map((name) => [name, 'info'])),
  logger: { options: loggerOptions() },
  // a connection the database drops (a restart, a failover) is logged, never fatal: without a
  // listener, node-postgres re-throws an idle client's error and the process (worker or CMS) dies
  onInit: (payload) => {
    const pool = (
      payload.db as unknown as { pool?: { on: (event: 'error', fn: (err: Error) => void) => void } }
    ).pool
    pool?.on('error', (err) =>
      payload.logger.warn({ err, msg: 'database connection lost; the pool opens a new one' }),
    )
  },
  telemetry: false,
  plugins: [
    // background work: the project's worker (npm run worker) runs every task; only admins reach
    // Payload's job endpoints and the jobs in the admin
    jobsPlugin({
      canManageJobs: adminsOnly,
      diagnosticsDir: path.resolve(env.DATA_DIR, 'diagnostics'),
      // the admin's JSON fields (a job's input, error, log) load their editor from the CMS
      jobsCollectionOverrides: (collection) => ({
        ...collection,
        fields: withSelfHostedJsonEditor(collection.fields),
      }),
    }),
    // email leaves only from the send-email task (two at once across all workers), Payload's own
    // mails included; without RESEND_API_KEY, outside production, into the outbox
    emailPlugin({
      apiKey: env.RESEND_API_KEY,
      baseUrl: env.RESEND_BASE_URL,
      from: env.EMAIL_FROM,
      outboxDir: env.isProduction ? undefined : path.resolve(env.DATA_DIR, 'outbox'),
    }),
    // every page of a book written by a background job on the capped ai-pages queue; without
    // OPENAI_API_KEY by the offline writer
    aiPagesPlugin({
      openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL },
      prices: {
        [env.OPENAI_MODEL]: {
          inputPerMillion: env.OPENAI_PRICE_INPUT_PER_MILLION,
          outputPerMillion: env.OPENAI_PRICE_OUTPUT_PER_MILLION,
        },
      },
      timeoutMs: env.AI_PAGE_TIMEOUT_MS,
      attempts: env.AI_PAGE_ATTEMPTS,
      regenerationBudget: env.AI_REGENERATION_BUDGET,
      isStaff: (req) => isStaff(req.user),
      rateLimit: async (req) => {
        if (isStaff(req.user) || !req.user) return
        await enforceLimits(
          req,
          [{ limit: 'aiPagesPerUser', key: String(req.user.id) }],
          'Too many pages written in a short time.',
        )
      },
      progress: redisProgress(),
      // an ordered book's pages are final (stripe-checkout freezes it at checkout)
      isBookFrozen: (book) => Boolean(book.orderFrozen),
      createTrialBook,
    }),
    // orders paid through Stripe Checkout (without STRIPE_SECRET_KEY, outside production, through
    // the local emulator that npm start runs); confirmation and shipping emails through the worker
    checkoutPlugin({
      // the emulator's keys only when no Stripe key is given at all: a real key never pairs with
      // the public development webhook secret (env.ts requires both together)
      ...(env.STRIPE_SECRET_KEY || env.isProduction
        ? {
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            apiBase: env.STRIPE_API_BASE,
          }
        : {
            secretKey: STRIPE_EMULATOR_SECRET_KEY,
            webhookSecret: STRIPE_EMULATOR_WEBHOOK_SECRET,
            apiBase: `http://127.0.0.1:${env.STRIPE_EMULATOR_PORT}`,
          }),
      storefrontUrl: env.STOREFRONT_URL,
      statusTokenSecret: createHash('sha256').update(`order-status:${env.PAYLOAD_SECRET}`).digest('hex'),
      isStaff: (req) => isStaff(req.user),
      shopName: "Sal's Memory Maker",
      rateLimit: async (req) => {
        if (!req.user || isStaff(req.user)) return
        await enforceLimits(
          req,
          [{ limit: 'checkoutPerUser', key: String(req.user.id) }],
          'Too many checkouts in a short time.',
        )
      },
    }),
    s3Storage({
      enabled: Boolean(env.S3_BUCKET),
      // same schema whether S3 is on or off, so switching needs no migration
      alwaysInsertFields: true,
      collections: { media: true },
      bucket: env.S3_BUCKET ?? 'unused',
      config: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        credentials:
          env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
            ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
            : undefined,
      },
    }),
  ],
})
