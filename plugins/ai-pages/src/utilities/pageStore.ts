import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

import { transactionSession } from '@memory-maker/payload-jobs'

/**
 * Every SQL statement of the plugin, in one place. Page state (status, attempt, usage, body) is
 * written here by compare-and-set on `generation_attempt`, the attempt that owns the page: a
 * stale job matches no row. Books are versioned, so their status goes through the Local API;
 * here they are only locked (one finishing page at a time decides whether the book is ready).
 */

/** A page is still being written while it is in one of these states. */
export const UNFINISHED = ['pending', 'queued', 'running'] as const

export type Slugs = { books: string; pages: string }
type Id = number | string

type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> }

async function executor(payload: Payload, req?: PayloadRequest): Promise<Executor> {
  return (req && (await transactionSession(req))?.db) ?? (payload.db.drizzle as unknown as Executor)
}

async function rows<Row>(
  payload: Payload,
  query: ReturnType<typeof sql>,
  req?: PayloadRequest,
): Promise<Row[]> {
  const result = (await (await executor(payload, req)).execute(query)) as { rows?: Row[] }
  return result.rows ?? []
}

/** The table of a collection, as the Postgres adapter named it. */
function table(payload: Payload, slug: string) {
  const map = (payload.db as unknown as { tableNameMap?: Map<string, string> }).tableNameMap
  return sql.identifier(map?.get(slug.replace(/-/g, '_')) ?? slug.replace(/-/g, '_'))
}

/** Locks the book's row for the rest of `req`'s transaction; its status, or undefined when gone. */
export async function lockBook(req: PayloadRequest, slugs: Slugs, bookId: Id): Promise<string | undefined> {
  const [row] = await rows<{ status: string | null }>(
    req.payload,
    sql`select status from ${table(req.payload, slugs.books)} where id = ${bookId} for update`,
    req,
  )
  return row ? (row.status ?? 'draft') : undefined
}

/**
 * Pages queued or running whose attempt has no live job any more (its worker died and the reaper
 * gave up, or the job was deleted) are failed, so the book can finish and be generated again.
 * `liveAttempts` are the attempts of the jobs still queued or running. Returns how many of the
 * book's pages are still unfinished.
 */
export async function failLostPages(req: PayloadRequest, slugs: Slugs, bookId: Id, liveAttempts: string[]) {
  const pages = table(req.payload, slugs.pages)
  await rows(
    req.payload,
    sql`update ${pages}
        set generation_status = 'failed', updated_at = now(),
            generation_error = 'The job writing this page was lost; generate again to retry it.'
        where book_id = ${bookId} and generation_status in ('queued', 'running')
          and not exists (select 1 from jsonb_array_elements_text(${JSON.stringify(liveAttempts)}::jsonb) as live (attempt)
                          where live.attempt = generation_attempt)`,
    req,
  )
  const [{ unfinished }] = await rows<{ unfinished: number }>(
    req.payload,
    sql`select count(*)::int as unfinished from ${pages}
        where book_id = ${bookId} and generation_status in ('pending', 'queued', 'running')`,
    req,
  )
  return unfinished
}

/** Whether the book has unfinished pages and none of them has changed for `ms`. */
export async function unfinishedPagesQuietFor(payload: Payload, slugs: Slugs, bookId: Id, ms: number) {
  const [row] = await rows<{ quiet: boolean | null }>(
    payload,
    sql`select max(updated_at) < now() - make_interval(secs => ${ms / 1000}) as quiet
        from ${table(payload, slugs.pages)}
        where book_id = ${bookId} and generation_status in ('queued', 'running')`,
  )
  return Boolean(row?.quiet)
}

export type QueuedPage = { id: Id; attempt: string }

/**
 * Moves a book's unwritten pages (pending, or failed when `retryFailed`) to queued, each with a
 * fresh owning attempt, in `req`'s transaction. Locked pages are skipped.
 */
export async function queueUnwrittenPages(
  req: PayloadRequest,
  slugs: Slugs,
  bookId: Id,
): Promise<QueuedPage[]> {
  return rows<QueuedPage>(
    req.payload,
    sql`update ${table(req.payload, slugs.pages)}
        set generation_status = 'queued', generation_attempt = gen_random_uuid()::text,
            generation_attempts = 0, generation_error = null, updated_at = now()
        where book_id = ${bookId} and coalesce(locked, false) = false
          and generation_status in ('pending', 'failed')
        returning id, generation_attempt as attempt`,
    req,
  )
}

/**
 * Queues one page again (a regeneration) with a fresh owning attempt: whatever an older attempt
 * still does is discarded when it tries to store. Undefined when the page is locked or in flight.
 */
export async function queuePageAgain(
  req: PayloadRequest,
  slugs: Slugs,
  pageId: Id,
): Promise<QueuedPage | undefined> {
  const [row] = await rows<QueuedPage>(
    req.payload,
    sql`update ${table(req.payload, slugs.pages)}
        set generation_status = 'queued', generation_attempt = gen_random_uuid()::text,
            generation_attempts = 0, generation_error = null,
            generation_regenerations = coalesce(generation_regenerations, 0) + 1, updated_at = now()
        where id = ${pageId} and coalesce(locked, false) = false
          and generation_status not in ('queued', 'running')
        returning id, generation_attempt as attempt`,
    req,
  )
  return row
}

export type ClaimedPage = {
  id: Id
  book: Id
  title: string | null
  layout: string | null
  prompt: string | null
  attempts: number
}

/** The attempt starts running (one more try) if it still owns the page; else undefined. */
export async function claimPage(payload: Payload, slugs: Slugs, pageId: Id, attempt: string) {
  const [row] = await rows<ClaimedPage>(
    payload,
    sql`update ${table(payload, slugs.pages)}
        set generation_status = 'running', generation_attempts = coalesce(generation_attempts, 0) + 1,
            updated_at = now()
        where id = ${pageId} and generation_attempt = ${attempt} and generation_status in ('queued', 'running')
        returning id, book_id as book, title, layout, prompt, generation_attempts as attempts`,
  )
  return row
}

/** Back to queued with a note (a retry is coming), if the attempt still owns the page. */
export async function requeuePage(payload: Payload, slugs: Slugs, pageId: Id, attempt: string, note: string) {
  await rows(
    payload,
    sql`update ${table(payload, slugs.pages)}
        set generation_status = 'queued', generation_error = ${note}, updated_at = now()
        where id = ${pageId} and generation_attempt = ${attempt} and generation_status = 'running'`,
  )
}

export type PageOutcome =
  | {
      status: 'done'
      body: unknown
      provider: string
      model: string
      promptTokens: number
      completionTokens: number
      costMicros: number
    }
  | { status: 'failed'; error: string; provider: string; model: string }

/**
 * Stores the attempt's outcome, in `req`'s transaction, if the attempt still owns the page.
 * Returns whether it did and how many of the book's pages are still unfinished.
 */
export async function storeOutcome(
  req: PayloadRequest,
  slugs: Slugs,
  page: { id: Id; book: Id; attempt: string },
  outcome: PageOutcome,
): Promise<{ stored: boolean; unfinished: number }> {
  const pages = table(req.payload, slugs.pages)
  const set =
    outcome.status === 'done'
      ? sql`body = ${JSON.stringify(outcome.body)}::jsonb, generation_status = 'done', generation_error = null,
            generation_prompt_tokens = ${outcome.promptTokens}, generation_completion_tokens = ${outcome.completionTokens},
            generation_cost_micros = ${outcome.costMicros}, generation_generated_at = now()`
      : sql`generation_status = 'failed', generation_error = ${outcome.error}`
  const stored = await rows(
    req.payload,
    sql`update ${pages}
        set ${set}, generation_provider = ${outcome.provider}, generation_model = ${outcome.model}, updated_at = now()
        where id = ${page.id} and generation_attempt = ${page.attempt} and generation_status = 'running'
        returning id`,
    req,
  )
  const [{ unfinished }] = await rows<{ unfinished: number }>(
    req.payload,
    sql`select count(*)::int as unfinished from ${pages}
        where book_id = ${page.book} and generation_status in ('pending', 'queued', 'running')`,
    req,
  )
  return { stored: stored.length > 0, unfinished }
}

export type PageState = {
  id: Id
  position: number
  title: string | null
  status: string
  attempts: number
  error: string | null
  provider: string | null
  model: string | null
  generatedAt: string | null
}

export type BookTotals = {
  pagesTotal: number
  pagesDone: number
  pagesFailed: number
  pagesUnfinished: number
  promptTokens: number
  completionTokens: number
  costMicros: number
  regenerations: number
}

/**
 * The book's pages' states and, by one aggregate, its totals (never kept on the versioned book).
 * Inside a transaction pass its `req`: a request holding a connection must not wait for a second.
 */
export async function readGeneration(payload: Payload, slugs: Slugs, bookId: Id, req?: PayloadRequest) {
  const pages = table(payload, slugs.pages)
  const [states, [totals]] = await Promise.all([
    rows<PageState>(
      payload,
      sql`select id, position::int as position, title, coalesce(generation_status, 'pending') as status,
                 coalesce(generation_attempts, 0)::int as attempts, generation_error as error,
                 generation_provider as provider, generation_model as model, generation_generated_at as "generatedAt"
          from ${pages} where book_id = ${bookId} order by position`,
      req,
    ),
    rows<BookTotals>(
      payload,
      sql`select count(*)::int as "pagesTotal",
                 (count(*) filter (where generation_status in ('done', 'skipped')))::int as "pagesDone",
                 (count(*) filter (where generation_status = 'failed'))::int as "pagesFailed",
                 (count(*) filter (where generation_status in ('pending', 'queued', 'running')))::int as "pagesUnfinished",
                 coalesce(sum(generation_prompt_tokens), 0)::int as "promptTokens",
                 coalesce(sum(generation_completion_tokens), 0)::int as "completionTokens",
                 coalesce(sum(generation_cost_micros), 0)::bigint as "costMicros",
                 coalesce(sum(generation_regenerations), 0)::int as regenerations
          from ${pages} where book_id = ${bookId}`,
      req,
    ),
  ])
  return { pages: states, totals: { ...totals, costMicros: Number(totals.costMicros) } }
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value))

/**
 * The page's generation state as stored now, its row locked until `req`'s transaction ends: an
 * ordinary save (a title edit) writes every column back, and must write this, not the state it
 * read before a worker moved the page on.
 */
export async function lockedGeneration(req: PayloadRequest, slugs: Slugs, pageId: Id) {
  const [row] = await rows<Record<string, unknown>>(
    req.payload,
    sql`select generation_status, generation_provider, generation_model, generation_attempts,
               generation_prompt_tokens, generation_completion_tokens, generation_cost_micros,
               generation_error, generation_generated_at, generation_attempt, generation_regenerations
        from ${table(req.payload, slugs.pages)} where id = ${pageId} for update`,
    req,
  )
  if (!row) return undefined
  const generatedAt = row.generation_generated_at as Date | string | null
  return {
    status: row.generation_status as string | null,
    provider: row.generation_provider as string | null,
    model: row.generation_model as string | null,
    attempts: num(row.generation_attempts),
    promptTokens: num(row.generation_prompt_tokens),
    completionTokens: num(row.generation_completion_tokens),
    costMicros: num(row.generation_cost_micros),
    error: row.generation_error as string | null,
    generatedAt: generatedAt ? new Date(generatedAt).toISOString() : null,
    attempt: row.generation_attempt as string | null,
    regenerations: num(row.generation_regenerations),
  }
}
