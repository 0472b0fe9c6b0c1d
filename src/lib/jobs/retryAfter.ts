import type { TaskHandler } from 'payload'

import { RetryAfterError } from './errors'

/**
 * Retry-After delays asked for by tasks that ran in this process, by job id: the worker applies
 * them to the job's waitUntil once Payload has recorded the failure.
 */
const requested = new Map<string, number>()

export const takeRetryAfter = (jobId: number | string): number | undefined => {
  const delay = requested.get(String(jobId))
  requested.delete(String(jobId))
  return delay
}

/** Wraps a task handler so that a RetryAfterError it throws is remembered for the worker. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any task's handler, whatever its input and output
export function honourRetryAfter<T extends TaskHandler<any>>(handler: T): T {
  return (async (args: Parameters<T>[0]) => {
    try {
      return await handler(args)
    } catch (err) {
      if (err instanceof RetryAfterError) requested.set(String(args.job.id), err.delayMs)
      throw err
    }
  }) as T
}
