import type { CollectionConfig, PayloadRequest } from 'payload'

import type { QueueCaps } from './utilities/queueCaps'

export type JobsPluginOptions = {
  /**
   * Keep the schema (the lease fields, the `diagnostic` task slug) but add no endpoint, admin
   * component, access rule or start-up work. Switching the plugin off needs no migration.
   * Default: false.
   */
  disabled?: boolean
  /**
   * Who may run, queue and cancel jobs over HTTP (Payload's job endpoints), see the jobs in the
   * admin and retry a failed one. Default: nobody (the workers run jobs through the Local API).
   */
  canManageJobs?: (args: { req: PayloadRequest }) => boolean | Promise<boolean>
  /** Caps per queue across all workers, e.g. `{ email: 2 }`; other plugins add theirs. Default: none. */
  queueCaps?: QueueCaps
  /**
   * Folder for the `diagnostic` task's effects files (`<label>.log`). Default: `diagnostics`
   * under the working directory.
   */
  diagnosticsDir?: string
  /** A last say over the jobs collection (e.g. the app's own admin components). Default: none. */
  jobsCollectionOverrides?: (collection: CollectionConfig) => CollectionConfig
}

export const JOBS_PLUGIN_DEFAULTS = {
  disabled: false,
  canManageJobs: () => false,
  queueCaps: {},
  diagnosticsDir: 'diagnostics',
} satisfies Required<Omit<JobsPluginOptions, 'jobsCollectionOverrides'>>
