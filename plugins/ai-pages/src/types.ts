import type { PayloadRequest } from 'payload'

import type { ProgressChannel } from './utilities/progress'

/** Prices of one model in US dollars per million tokens. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number }

export type AiPagesPluginOptions = {
  /**
   * Keep the schema (the pages' generation fields, the `generate-page` task slug) but add no
   * endpoints, hooks, queue cap or admin components. Default: false.
   */
  disabled?: boolean
  /** The collections the plugin works on. Defaults: `books` and `pages` (fields: README). */
  collections?: { books?: string; pages?: string }
  /**
   * The OpenAI (or compatible) writer. Without an `apiKey` the offline writer writes every page:
   * deterministic prose from the page's brief and the answers, at no cost.
   */
  openai?: {
    apiKey?: string
    /** Any OpenAI-compatible server (a stand-in in tests). Default: the SDK's own. */
    baseUrl?: string
    /** Default: `gpt-4o-mini`. */
    model?: string
  }
  /** Prices per model, for `generation.costMicros`. A model without a price costs 0 and is logged. */
  prices?: Record<string, ModelPrice>
  /** One call to the writer may take this long before the attempt is retried. Default: 30 s. */
  timeoutMs?: number
  /** Attempts per page (provider errors, timeouts, malformed output). Default: 4. */
  attempts?: number
  /** Pages written at once across all workers (the `ai-pages` queue cap). Default: 4. */
  queueCap?: number
  /** Regenerations allowed per book (the sum over its pages); past it, 402. Default: 40. */
  regenerationBudget?: number
  /** Who besides a book's owner may generate, regenerate and read progress. Default: nobody. */
  isStaff?: (req: PayloadRequest) => boolean
  /** Which books are the customers' own (not templates). Default: `kind === 'personal'` when the field exists. */
  isPersonalBook?: (book: Record<string, unknown>) => boolean
  /** A book frozen by an order refuses generation (409). Default: none is. */
  isBookFrozen?: (book: Record<string, unknown>, req: PayloadRequest) => boolean | Promise<boolean>
  /** Called before generate and regenerate, for the caller; throw (e.g. a 429 APIError) to refuse. */
  rateLimit?: (req: PayloadRequest) => Promise<void>
  /**
   * Makes the throw-away book of "Try with sample answers" from a template's latest draft (staff
   * only; the plugin marks it with `generationTrial` and deletes it with the next try). Without
   * it there is no try-out.
   */
  createTrialBook?: (req: PayloadRequest, templateId: number) => Promise<{ id: number | string }>
  /** Where page state changes are published (e.g. Redis pub/sub). Default: Postgres NOTIFY/LISTEN. */
  progress?: ProgressChannel
}

export const AI_PAGES_DEFAULTS = {
  disabled: false,
  timeoutMs: 30_000,
  attempts: 4,
  queueCap: 4,
  regenerationBudget: 40,
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini'
