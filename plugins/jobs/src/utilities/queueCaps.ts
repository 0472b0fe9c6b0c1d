import type { Config, SanitizedConfig } from 'payload'

/** How many jobs of one queue may run at once, across every worker. */
export type QueueCaps = Record<string, number>

const CUSTOM_KEY = 'jobQueueConcurrency'

/**
 * Caps the queues a plugin's tasks use (a provider that allows only a few calls at once), as a
 * config transform any plugin applies to the config it returns:
 * `config = queueConcurrency({ 'ai-pages': 3 })(config)`. Jobs go into that queue with
 * `queueJob(req, { task, input, queue: 'ai-pages' })`. The cap holds across all workers.
 */
export const queueConcurrency =
  (caps: QueueCaps) =>
  (config: Config): Config => {
    const current = (config.custom?.[CUSTOM_KEY] ?? {}) as QueueCaps
    return { ...config, custom: { ...config.custom, [CUSTOM_KEY]: { ...current, ...caps } } }
  }

/** The caps a worker enforces: the plugins' (in the config), then the operator's over them. */
export function queueCaps(config: SanitizedConfig, operatorCaps: QueueCaps = {}): QueueCaps {
  return { ...((config.custom?.[CUSTOM_KEY] ?? {}) as QueueCaps), ...operatorCaps }
}
