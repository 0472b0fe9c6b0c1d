import pg from 'pg'
import type { Payload } from 'payload'

/** A page of a book changed state (published by the worker, heard by the CMS's progress streams). */
export type PageEvent = { bookId: number | string; pageId?: number | string; status: string }

/**
 * Carries page events between processes: the worker publishes, every CMS instance's progress
 * streams listen. Pass a Redis pub/sub one (`progress` option); the default is Postgres
 * NOTIFY/LISTEN on the CMS's own database.
 */
export interface ProgressChannel {
  publish(event: PageEvent): Promise<void>
  /** Calls `listener` for every event of any book until the returned function is called. */
  subscribe(listener: (event: PageEvent) => void): Promise<() => void>
}

export const PROGRESS_CHANNEL = 'smm_ai_pages'

export function parsePageEvent(text: string): PageEvent | undefined {
  try {
    const event = JSON.parse(text) as PageEvent
    return event && (typeof event.bookId === 'number' || typeof event.bookId === 'string') ? event : undefined
  } catch {
    return undefined
  }
}

/**
 * NOTIFY through Payload's pool; one LISTEN connection per process, opened with the first
 * subscriber, shared by all, reconnected after a loss (events in the gap are missed: the
 * streams also re-read on a timer).
 */
export function postgresProgress(payload: () => Payload): ProgressChannel {
  const listeners = new Set<(event: PageEvent) => void>()
  let client: pg.Client | undefined
  let connecting: Promise<void> | undefined

  const connect = async () => {
    const poolOptions = (payload().db as unknown as { poolOptions?: pg.ClientConfig }).poolOptions
    const next = new pg.Client(poolOptions)
    next.on('notification', (message) => {
      const event = message.payload ? parsePageEvent(message.payload) : undefined
      if (event) for (const listener of listeners) listener(event)
    })
    next.on('error', () => {
      client = undefined
      next.end().catch(() => undefined)
      if (listeners.size) setTimeout(() => void ensure().catch(() => undefined), 1_000).unref()
    })
    await next.connect()
    await next.query(`listen ${PROGRESS_CHANNEL}`)
    client = next
  }
  const ensure = async () => {
    if (client) return
    connecting ??= connect().finally(() => (connecting = undefined))
    await connecting
  }

  return {
    async publish(event) {
      const pool = (payload().db as unknown as { pool: pg.Pool }).pool
      await pool.query('select pg_notify($1, $2)', [PROGRESS_CHANNEL, JSON.stringify(event)])
    },
    async subscribe(listener) {
      listeners.add(listener)
      try {
        await ensure()
      } catch (err) {
        listeners.delete(listener)
        throw err
      }
      return () => {
        listeners.delete(listener)
        if (!listeners.size && client) {
          const closing = client
          client = undefined
          closing.end().catch(() => undefined)
        }
      }
    },
  }
}
