import type { Payload, TaskHandler } from 'payload'

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

const WRAPPED = Symbol.for('memory-maker.jobs.honoursRetryAfter')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any task's handler, whatever its input and output
type AnyHandler = TaskHandler<any>

/** Wraps a task handler so that a RetryAfterError it throws is remembered for the worker. */
function honourRetryAfter(handler: AnyHandler): AnyHandler {
  if ((handler as { [WRAPPED]?: boolean })[WRAPPED]) return handler
  const wrapped: AnyHandler = async (args) => {
    try {
      return await handler(args)
    } catch (err) {
      if (err instanceof RetryAfterError) requested.set(String(args.job.id), err.delayMs)
      throw err
    }
  }
  return Object.assign(wrapped, { [WRAPPED]: true })
}

/**
 * Every task of the final config honours RetryAfterError, whichever plugin added it: run once
 * Payload has started (onInit), when all plugins have had their say. Handlers given as file
 * paths are left alone (Payload imports those itself).
 */
export function honourRetryAfterInEveryTask(payload: Payload) {
  for (const task of payload.config.jobs?.tasks ?? []) {
    if (typeof task.handler === 'function') task.handler = honourRetryAfter(task.handler as AnyHandler)
  }
}
