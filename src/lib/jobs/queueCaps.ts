import type { Config, SanitizedConfig } from 'payload'

/** How many jobs of one queue may run at once, across every worker. */
export type QueueCaps = Record<string, number>

const CUSTOM_KEY = 'jobQueueConcurrency'

/**
 * A Payload plugin by which a task's owner caps the queue its jobs go to (a provider that allows
 * only a few calls at once): `plugins: [queueConcurrency({ 'ai-pages': 2 })]`, or inside a
 * plugin, `config = queueConcurrency({ 'ai-pages': 2 })(config)`. Jobs go into that queue with
 * `queueJob(req, { task, input, queue: 'ai-pages' })`. The cap holds across all workers.
 */
export const queueConcurrency =
  (caps: QueueCaps) =>
  (config: Config): Config => {
    const current = (config.custom?.[CUSTOM_KEY] ?? {}) as QueueCaps
    return { ...config, custom: { ...config.custom, [CUSTOM_KEY]: { ...current, ...caps } } }
  }

/**
 * `WORKER_QUEUE_CONCURRENCY="email=2,ai-pages=3"`: an operator's caps, over the plugins' own.
 * Throws on a malformed entry so a typo never silently removes a limit.
 */
export function parseQueueCaps(value: string | undefined): QueueCaps {
  const caps: QueueCaps = {}
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

/** The caps a worker enforces: the config's (plugins'), then the operator's. */
export function queueCaps(config: SanitizedConfig, operatorCaps: QueueCaps = {}): QueueCaps {
  return { ...((config.custom?.[CUSTOM_KEY] ?? {}) as QueueCaps), ...operatorCaps }
}
