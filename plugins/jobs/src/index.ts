import path from 'node:path'

import type { Config } from 'payload'

import { extendJobsCollection } from './collection/extendJobsCollection'
import { retryJobEndpoint } from './endpoints/retryJob'
import { diagnosticTask } from './tasks/diagnostic'
import { JOBS_PLUGIN_DEFAULTS, type JobsPluginOptions } from './types'
import { withDefaults } from './utilities/withDefaults'
import { queueConcurrency } from './utilities/queueCaps'
import { honourRetryAfterInEveryTask } from './utilities/retryAfter'

/**
 * `@memory-maker/payload-jobs`: background work for Payload 3 on Postgres (README).
 *
 *   plugins: [jobsPlugin({ canManageJobs: ({ req }) => isAdmin(req.user), queueCaps: { email: 2 } })]
 *
 * Run the jobs with `runWorker(payload)` in one or more processes; keep Payload's `autoRun` off.
 */
export const jobsPlugin =
  (options: JobsPluginOptions = {}) =>
  (incoming: Config): Config => {
    const { disabled, canManageJobs, queueCaps, diagnosticsDir } = withDefaults(JOBS_PLUGIN_DEFAULTS, options)
    const may = ({ req }: { req: Parameters<typeof canManageJobs>[0]['req'] }) => canManageJobs({ req })
    const admin = disabled ? undefined : { canManageJobs, retryEndpoint: retryJobEndpoint(canManageJobs) }
    const extend = extendJobsCollection({ admin })
    const overrides = options.jobsCollectionOverrides
    // the schema first, whether or not the plugin is on
    let config: Config = {
      ...incoming,
      jobs: {
        ...incoming.jobs,
        // Payload's job endpoints are never a public door (its default is any signed-in user),
        // whether or not the plugin is on: only whom the app names
        access: { run: may, queue: may, cancel: may },
        tasks: [...(incoming.jobs?.tasks ?? []), diagnosticTask(path.resolve(diagnosticsDir))],
        jobsCollectionOverrides: (args) => {
          const own = incoming.jobs?.jobsCollectionOverrides
          const base = own ? own(args) : args.defaultJobsCollection
          const extended = extend({ defaultJobsCollection: base })
          return overrides ? overrides(extended) : extended
        },
      },
    }
    if (disabled) return config

    config = queueConcurrency(queueCaps)(config)
    return {
      ...config,
      onInit: async (payload) => {
        if (incoming.onInit) await incoming.onInit(payload)
        honourRetryAfterInEveryTask(payload)
      },
    }
  }

export type { JobsPluginOptions } from './types'
export { queueJob, wakeWorkers } from './utilities/queue'
export { FailNowError, RetryAfterError } from './utilities/errors'
export { queueConcurrency, queueCaps, type QueueCaps } from './utilities/queueCaps'
export { ANY_QUEUE, JOBS_CHANNEL } from './utilities/jobsTable'
export { oldestReadyJobSeconds } from './utilities/readiness'
export { transactionSession, type TransactionSession } from './utilities/transactionSession'
export { afterCommit } from './utilities/afterCommit'
export { diagnosticEffectsFile } from './tasks/diagnostic'
export { runWorker, WORKER_DEFAULTS, type RunWorkerOptions } from './worker/runWorker'
export { withDefaults } from './utilities/withDefaults'
export type { JobsWorker } from './worker/JobsWorker'
