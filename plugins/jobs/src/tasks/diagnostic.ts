import { appendFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'

import type { TaskConfig } from 'payload'

import { FailNowError, RetryAfterError } from '../utilities/errors'

type DiagnosticInput = {
  label?: string
  sleepMs?: number
  failWith?: 'retry-after' | 'fail-now' | 'error'
  failAttempts?: number
  retryAfterMs?: number
}

/** Where `label`'s effects are appended: a fixed folder, a sanitised name. */
export const diagnosticEffectsFile = (directory: string, label: string) =>
  path.resolve(directory, `${label.replace(/[^a-z0-9-]/gi, '').slice(0, 40) || 'default'}.log`)

/**
 * An operations self-test and benchmark task (admins queue it): waits, optionally fails the way
 * it is told for its first attempts, then appends "<job id> <attempt> <time> done <start>
 * <worker id>" to its effects file in `directory`, so tests can count how often each job really
 * ran, and where.
 */
export const diagnosticTask = (directory: string): TaskConfig<'diagnostic'> => ({
  slug: 'diagnostic',
  label: 'Diagnostic (worker self-test)',
  retries: { attempts: 2, backoff: { type: 'fixed', delay: 200 } },
  inputSchema: [
    { name: 'label', type: 'text' },
    { name: 'sleepMs', type: 'number' },
    { name: 'failWith', type: 'select', options: ['retry-after', 'fail-now', 'error'] },
    { name: 'failAttempts', type: 'number' },
    { name: 'retryAfterMs', type: 'number' },
  ],
  handler: async ({ input, job }) => {
    const {
      label = 'default',
      sleepMs = 0,
      failWith,
      failAttempts = 0,
      retryAfterMs = 1000,
    } = (input ?? {}) as DiagnosticInput
    const attempt = (job.totalTried ?? 0) + 1
    const startedAt = Date.now()
    if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(sleepMs, 60_000)))
    const file = diagnosticEffectsFile(directory, label)
    mkdirSync(path.dirname(file), { recursive: true })
    if (failWith && attempt <= failAttempts) {
      appendFileSync(file, `${job.id} ${attempt} ${Date.now()} failed\n`)
      if (failWith === 'retry-after') throw new RetryAfterError('asked to wait', retryAfterMs)
      if (failWith === 'fail-now') throw new FailNowError('asked to fail for good')
      throw new Error('asked to fail')
    }
    // one short write with O_APPEND: lines from several processes never interleave
    // the worker that claimed it (its lease field), or "-" when run outside a worker
    const workerId = String((job as { workerId?: unknown }).workerId ?? '-').replace(/\s/g, '_')
    appendFileSync(file, `${job.id} ${attempt} ${Date.now()} done ${startedAt} ${workerId}\n`)
    return { output: {} }
  },
})
