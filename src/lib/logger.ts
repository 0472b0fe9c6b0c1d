import pino from 'pino'

import { getEnv } from './env'
import { badInputMessage } from './http/inputErrors'
import { currentRequestId } from './requestContext'

/**
 * Structured JSON logs for code that runs outside a Payload request (supervisor, scripts, the
 * cache and rate-limit layer). Payload's own logger is configured with the same options in
 * payload.config.ts, so both write one JSON object per line.
 */
export const loggerOptions = (): pino.LoggerOptions => ({
  level: getEnv().LOG_LEVEL,
  base: { service: 'cms' },
  timestamp: pino.stdTimeFunctions.isoTime,
  // every line written while serving a request names it (src/server.ts sets the context)
  mixin: () => {
    const requestId = currentRequestId()
    return requestId ? { requestId } : {}
  },
  hooks: {
    // Payload logs every error it answers at error level with its stack; those a caller caused
    // (a 4xx, a malformed filter) are an info line, so a burst of them never floods the error log
    logMethod(args, method, level) {
      type Logged = { status?: unknown; name?: unknown; message?: unknown; originalError?: Logged }
      const err = (args[0] as { err?: Logged } | undefined)?.err
      // GraphQL wraps the error it reports (originalError)
      const status = [err?.status, err?.originalError?.status].find((value) => typeof value === 'number') as
        number | undefined
      const badInput = err && badInputMessage(err)
      if (level < 50 || !err || !(badInput || (status !== undefined && status < 500)))
        return method.apply(this, args)
      const name = err.originalError?.name ?? err.name
      return this.info(
        { errorName: name, status: status ?? 400 },
        String(badInput ?? err.message).slice(0, 300),
      )
    },
  },
})

let shared: pino.Logger | undefined

export function getLogger(): pino.Logger {
  shared ??= pino(loggerOptions())
  return shared
}

/** Logs a warning at most once per interval per key, so a dead dependency does not flood logs. */
const lastWarned = new Map<string, number>()
export function warnThrottled(key: string, message: string, err?: unknown, intervalMs = 30_000) {
  const now = Date.now()
  if ((lastWarned.get(key) ?? 0) + intervalMs > now) return
  lastWarned.set(key, now)
  getLogger().warn({ err: err instanceof Error ? { message: err.message } : err, key }, message)
}
