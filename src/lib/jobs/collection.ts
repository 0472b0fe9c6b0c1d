import type { CollectionConfig } from 'payload'

import { admins } from '../../access/admins'
import { withSelfHostedJsonEditor } from '../jsonFieldEditor'
import { retryJobEndpoint } from './retryEndpoint'

/**
 * Payload's jobs collection, shown to admins (state, attempts, last error, next run) with the
 * worker's lease: who holds a job and until when.
 */
export const extendJobsCollection = ({
  defaultJobsCollection,
}: {
  defaultJobsCollection: CollectionConfig
}): CollectionConfig => ({
  ...defaultJobsCollection,
  access: {
    ...defaultJobsCollection.access,
    read: admins,
    update: admins,
    delete: admins,
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
  endpoints: [...(defaultJobsCollection.endpoints || []), retryJobEndpoint],
  fields: [
    ...withSelfHostedJsonEditor(defaultJobsCollection.fields),
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
    {
      name: 'retryControl',
      type: 'ui',
      admin: {
        position: 'sidebar',
        components: { Field: '/src/components/admin/RetryJobButton#RetryJobButton' },
      },
    },
  ],
})
