import { z } from 'zod'

/**
 * The one place that reads process.env. Parsed once, validated with zod; every default in force
 * is listed by `describeDefaults()` so the start-up log can print it.
 */

/**
 * `WORKER_QUEUE_CONCURRENCY="email=2,ai-pages=3"`: an operator's caps per queue, over the
 * plugins' own. Throws on a malformed entry so a typo never silently removes a limit.
 */
export function parseQueueCaps(value: string | undefined): Record<string, number> {
  const caps: Record<string, number> = {}
  for (const entry of (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([\w.:-]+)=(\d+)$/.exec(entry)
    const cap = Number(match?.[2])
    if (!match || !Number.isSafeInteger(cap) || cap < 1) {
      throw new Error(`WORKER_QUEUE_CONCURRENCY: "${entry}" is not <queue>=<positive number>`)
    }
    caps[match[1]] = cap
  }
  return caps
}

const DEFAULT_EMBEDDED_PORT = 54329
export const embeddedDatabaseUrl = (port: number = DEFAULT_EMBEDDED_PORT) =>
  `postgres://postgres:postgres@127.0.0.1:${port}/memorymaker`

const DEV_SECRET = 'dev-only-payload-secret-change-me'
const DEV_INTERNAL_SECRET = 'dev-only-internal-secret'
const DEV_REVALIDATE_SECRET = 'dev-only-revalidate-secret'
export const DEV_SEED_PASSWORDS = {
  admin: 'admin-dev-password',
  editor: 'editor-dev-password',
  customer: 'customer-dev-password',
}

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback)

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // the deployment's kind, apart from NODE_ENV (which `npm start` sets to production for the
  // optimised build even on a laptop): only APP_ENV=production refuses development defaults
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port(3000),
  STOREFRONT_PORT: port(3001),
  CMS_URL: optionalString.pipe(z.url().optional()),
  STOREFRONT_URL: optionalString.pipe(z.url().optional()),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
      .optional(),
  ),
  EMBEDDED_POSTGRES_PORT: port(DEFAULT_EMBEDDED_PORT),
  DATA_DIR: z.string().default('.data'),
  MEDIA_DIR: z.string().default('media'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PAYLOAD_SECRET: optionalString,
  INTERNAL_API_SECRET: optionalString,
  REVALIDATE_SECRET: optionalString,
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: booleanish,
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(15 * 1024 * 1024),
  // a 10000×10000 px image is 100 MP; phone cameras reach 48–50 MP; the print needs about 7 MP
  MEDIA_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(50_000_000),
  // images decoded or encoded at once per process (one core each): raise it on larger machines
  IMAGE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
  // the local Stripe emulator's port when STRIPE_SECRET_KEY is unset (npm start runs it)
  STRIPE_EMULATOR_PORT: port(12111),
  CHECKOUT_RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(30),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  // US dollars per million tokens of OPENAI_MODEL (gpt-4o-mini's list prices), for each page's cost
  OPENAI_PRICE_INPUT_PER_MILLION: z.coerce.number().min(0).default(0.15),
  OPENAI_PRICE_OUTPUT_PER_MILLION: z.coerce.number().min(0).default(0.6),
  // one call to the AI writer; past it the page's attempt is retried
  AI_PAGE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  AI_PAGE_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  // page regenerations per book, over all its pages
  AI_REGENERATION_BUDGET: z.coerce.number().int().min(0).default(40),
  // generate and regenerate calls per customer per RATE_LIMIT_WINDOW_SECONDS
  AI_RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(60),
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalString.pipe(z.url().optional()),
  EMAIL_FROM: z.string().default("Sal's Memory Maker <books@localhost>"),
  SEED_ADMIN_EMAIL: z.email().default('admin@example.com'),
  SEED_ADMIN_PASSWORD: z.string().min(8).default(DEV_SEED_PASSWORDS.admin),
  SEED_EDITOR_EMAIL: z.email().default('editor@example.com'),
  SEED_EDITOR_PASSWORD: z.string().min(8).default(DEV_SEED_PASSWORDS.editor),
  SEED_CUSTOMER_EMAIL: z.email().default('customer@example.com'),
  SEED_CUSTOMER_PASSWORD: z.string().min(8).default(DEV_SEED_PASSWORDS.customer),
  // failed logins (and forgot-password requests): per IP, per email from one IP (strict), per
  // email from anywhere (loose, so a stranger cannot lock the owner out)
  LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_RATE_LIMIT_PER_EMAIL_AND_IP: z.coerce.number().int().min(1).default(5),
  LOGIN_RATE_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).default(50),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  SIGNUP_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(10),
  PERSONALIZE_RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(30),
  PERSONALIZE_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(60),
  UPLOAD_RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  PUBLIC_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(300),
  // per process in memory, in all in Redis: the oldest entries go past it
  PUBLIC_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(64 * 1024 * 1024),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_POLL_MS: z.coerce.number().int().min(50).default(2_000),
  WORKER_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  WORKER_QUEUE_CONCURRENCY: optionalString.superRefine((value, ctx) => {
    try {
      parseQueueCaps(value)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message })
    }
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Env = z.infer<typeof schema> & {
  CMS_URL: string
  STOREFRONT_URL: string
  DATABASE_URL: string
  PAYLOAD_SECRET: string
  INTERNAL_API_SECRET: string
  REVALIDATE_SECRET: string
  /** true when DATABASE_URL was not given and the embedded Postgres is used */
  usesEmbeddedDatabase: boolean
  isProduction: boolean
}

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    )
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const raw = result.data
  const isProduction = raw.APP_ENV === 'production'
  const problems: string[] = []
  if (isProduction) {
    if (!raw.PAYLOAD_SECRET) problems.push('  PAYLOAD_SECRET: required in production')
    if (!raw.INTERNAL_API_SECRET) problems.push('  INTERNAL_API_SECRET: required in production')
    if (!raw.REVALIDATE_SECRET) problems.push('  REVALIDATE_SECRET: required in production')
    if (!raw.STRIPE_SECRET_KEY)
      problems.push('  STRIPE_SECRET_KEY: required in production (the emulator is for development)')
    if (!raw.STRIPE_WEBHOOK_SECRET) problems.push('  STRIPE_WEBHOOK_SECRET: required in production')
    if (raw.PAYLOAD_SECRET === DEV_SECRET)
      problems.push('  PAYLOAD_SECRET: the development default is refused in production')
  }
  if (raw.STRIPE_SECRET_KEY && !raw.STRIPE_WEBHOOK_SECRET) {
    problems.push(
      '  STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (the webhook endpoint’s signing secret)',
    )
  }
  if (raw.PAYLOAD_SECRET && raw.PAYLOAD_SECRET.length < 16) {
    problems.push('  PAYLOAD_SECRET: must be at least 16 characters')
  }
  if (raw.S3_BUCKET && (!raw.S3_ACCESS_KEY_ID || !raw.S3_SECRET_ACCESS_KEY)) {
    problems.push('  S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: required when S3_BUCKET is set')
  }
  if (problems.length) throw new EnvError(`Invalid configuration:\n${problems.join('\n')}`)

  return {
    ...raw,
    CMS_URL: raw.CMS_URL ?? `http://localhost:${raw.PORT}`,
    STOREFRONT_URL: raw.STOREFRONT_URL ?? `http://localhost:${raw.STOREFRONT_PORT}`,
    DATABASE_URL: raw.DATABASE_URL ?? embeddedDatabaseUrl(raw.EMBEDDED_POSTGRES_PORT),
    PAYLOAD_SECRET: raw.PAYLOAD_SECRET ?? DEV_SECRET,
    INTERNAL_API_SECRET: raw.INTERNAL_API_SECRET ?? DEV_INTERNAL_SECRET,
    REVALIDATE_SECRET: raw.REVALIDATE_SECRET ?? DEV_REVALIDATE_SECRET,
    usesEmbeddedDatabase: !raw.DATABASE_URL,
    isProduction,
  }
}

/** Lines for the start-up log: every setting that fell back to a default. */
export function describeDefaults(source: Record<string, string | undefined> = process.env): string[] {
  const e = parseEnv(source)
  const given = (name: string) => Boolean(source[name] && String(source[name]).trim())
  const lines: string[] = []
  const note = (name: string, text: string) => {
    if (!given(name)) lines.push(`${name} not set: ${text}`)
  }
  note('DATABASE_URL', `embedded Postgres in ${e.DATA_DIR}/postgres on port ${e.EMBEDDED_POSTGRES_PORT}`)
  note('PAYLOAD_SECRET', 'development secret (refused in production)')
  note('INTERNAL_API_SECRET', 'development secret (refused in production)')
  note('REVALIDATE_SECRET', 'development secret (refused in production)')
  note('REDIS_URL', 'caches and rate limits are in-process (one instance only)')
  note('S3_BUCKET', 'media stored on local disk in media/')
  note('OPENAI_API_KEY', 'AI pages use the offline writer')
  note('STRIPE_SECRET_KEY', 'payments use the local Stripe emulator')
  note('RESEND_API_KEY', 'emails go to the local outbox')
  note('PORT', `CMS on port ${e.PORT}`)
  note('CMS_URL', e.CMS_URL)
  note('SEED_ADMIN_EMAIL', `seed admin ${e.SEED_ADMIN_EMAIL}`)
  note('SEED_ADMIN_PASSWORD', `seed admin password "${DEV_SEED_PASSWORDS.admin}" (refused in production)`)
  note('SEED_EDITOR_EMAIL', `seed editor ${e.SEED_EDITOR_EMAIL}`)
  note('SEED_EDITOR_PASSWORD', `seed editor password "${DEV_SEED_PASSWORDS.editor}" (refused in production)`)
  note('SEED_CUSTOMER_EMAIL', `demo customer ${e.SEED_CUSTOMER_EMAIL}`)
  note('SEED_CUSTOMER_PASSWORD', `demo customer password "${DEV_SEED_PASSWORDS.customer}"`)
  return lines
}

let cached: Env | undefined

/** The validated environment of this process. Throws EnvError naming each bad variable. */
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}
