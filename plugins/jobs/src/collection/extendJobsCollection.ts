import type { CollectionConfig, Endpoint, Field, PayloadRequest } from 'payload'

/** The worker's columns on a job: who holds it and until when. Part of the schema, always. */
export const leaseFields: Field[] = [
  {
    name: 'leaseUntil',
    type: 'date',
    index: true,
    admin: {
      readOnly: true,
      position: 'sidebar',
      description: 'The holding worker renews this while it runs the job.',
    },
  },
  { name: 'workerId', type: 'text', admin: { readOnly: true, position: 'sidebar' } },
]

/** Admin path of the Retry button (a client component, by package path for the import map). */
export const RETRY_BUTTON = '@memory-maker/payload-jobs/client#RetryJobButton'

/**
 * Payload's jobs collection with the worker's lease fields, shown in the admin to whoever
 * `canManageJobs` lets in (state, attempts, last error, next run, lease) with a Retry button
 * and its endpoint. Without `admin` (a disabled plugin) only the schema is added.
 */
export const extendJobsCollection =
  (options: {
    admin?: {
      canManageJobs: (args: { req: PayloadRequest }) => boolean | Promise<boolean>
      retryEndpoint: Endpoint
    }
  }) =>
  ({ defaultJobsCollection }: { defaultJobsCollection: CollectionConfig }): CollectionConfig => {
    const withLease = { ...defaultJobsCollection, fields: [...defaultJobsCollection.fields, ...leaseFields] }
    if (!options.admin) return withLease
    const { canManageJobs, retryEndpoint } = options.admin
    const manage = ({ req }: { req: PayloadRequest }) => canManageJobs({ req })
    return {
      ...withLease,
      access: {
        ...defaultJobsCollection.access,
        read: manage,
        update: manage,
        delete: manage,
        create: () => false,
      },
      admin: {
        ...defaultJobsCollection.admin,
        hidden: false,
        group: 'System',
        defaultColumns: [
          'taskSlug',
          'queue',
          'processing',
          'totalTried',
          'hasError',
          'waitUntil',
          'completedAt',
          'createdAt',
        ],
      },
      endpoints: [...(defaultJobsCollection.endpoints || []), retryEndpoint],
      fields: [
        ...withLease.fields,
        {
          name: 'retryControl',
          type: 'ui',
          admin: { position: 'sidebar', components: { Field: RETRY_BUTTON } },
        },
      ],
    }
  }
