import { createLocalReq, type Endpoint } from 'payload'

import { bookForCaller, routeId } from '../utilities/access'
import type { AiPagesContext } from '../utilities/context'
import { TooManyRequests } from '../utilities/errors'
import { generationState } from '../utilities/generationState'
import { finishBookIfJobsLost } from '../utilities/lostPages'

/** Re-read at least this often, whatever the channel delivers (a missed event costs seconds). */
const REREAD_MS = 5_000
/** A stream ends after this long; the client reconnects (EventSource does by itself). */
const MAX_STREAM_MS = 10 * 60_000
/** Streams one user may hold open on one instance (a few tabs; never an unbounded number). */
const MAX_STREAMS_PER_USER = 5
const openStreams = new Map<string, number>()

/**
 * GET /api/books/:id/generation/stream: Server-Sent Events, one `state` event (the body of
 * GET …/generation) at once and after every change of one of the book's pages, heard from the
 * progress channel the worker publishes on. Ends once the book is no longer generating.
 */
export const generationStreamEndpoint = (context: AiPagesContext): Endpoint => ({
  path: '/:id/generation/stream',
  method: 'get',
  handler: async (req) => {
    const book = await bookForCaller(req, context, routeId(req))
    const { payload } = req
    const user = String(req.user!.id)
    if ((openStreams.get(user) ?? 0) >= MAX_STREAMS_PER_USER) {
      req.responseHeaders = new Headers(req.responseHeaders)
      req.responseHeaders.set('Retry-After', '10')
      throw new TooManyRequests(
        'Too many progress streams open: close another tab, or read GET …/generation.',
        10,
      )
    }
    openStreams.set(user, (openStreams.get(user) ?? 0) + 1)
    let counted = true
    const release = () => {
      if (!counted) return
      counted = false
      const left = (openStreams.get(user) ?? 1) - 1
      if (left > 0) openStreams.set(user, left)
      else openStreams.delete(user)
    }
    const encoder = new TextEncoder()
    let stop = () => {}

    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let closed = false
        let reading: Promise<void> | undefined
        let again = false
        const timers: NodeJS.Timeout[] = []
        let unsubscribe: (() => void) | undefined = undefined
        stop = () => {
          if (closed) return
          closed = true
          release()
          timers.forEach(clearTimeout)
          unsubscribe?.()
          try {
            controller.close()
          } catch {
            // already closed by the client
          }
        }
        const read = async () => {
          const fresh = (await payload.findByID({
            collection: context.slugs.books as 'books',
            id: book.id,
            depth: 0,
            overrideAccess: true,
            disableErrors: true,
          })) as { id: number; status?: string } | null
          if (closed) return
          if (!fresh) return stop()
          if (
            fresh.status === 'generating' &&
            (await finishBookIfJobsLost(await createLocalReq({}, payload), context, fresh.id))
          ) {
            fresh.status = 'ready'
          }
          const state = await generationState(payload, context, fresh)
          if (closed) return
          controller.enqueue(encoder.encode(`event: state\ndata: ${JSON.stringify(state)}\n\n`))
          if (state.status !== 'generating') stop()
        }
        // one read at a time; events during a read cause one more read after it
        const trigger = () => {
          if (closed) return
          if (reading) {
            again = true
            return
          }
          reading = read()
            .catch((err) => payload.logger.warn({ err, msg: 'ai-pages: progress stream read failed' }))
            .finally(() => {
              reading = undefined
              if (again) {
                again = false
                trigger()
              }
            })
        }
        const listening = await context.progress
          .subscribe((event) => {
            if (String(event.bookId) === String(book.id)) trigger()
          })
          .catch((err) => {
            payload.logger.warn({ err, msg: 'ai-pages: progress channel unavailable; re-reading on a timer' })
            return undefined
          })
        // the client may have gone while the channel was connecting
        if (closed) listening?.()
        else unsubscribe = listening
        const tick = () => {
          if (closed) return
          trigger()
          timers[0] = setTimeout(tick, REREAD_MS)
        }
        tick()
        timers[1] = setTimeout(stop, MAX_STREAM_MS)
      },
      cancel() {
        stop()
      },
    })
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    })
  },
})
