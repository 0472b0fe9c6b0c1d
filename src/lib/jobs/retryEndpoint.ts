import { sql } from '@payloadcms/db-postgres'
import { APIError, NotFound, type Endpoint } from 'payload'

import { isAdmin } from '../../access/roles'
import { ANY_QUEUE, wakeWorkers } from './queue'

/**
 * POST /api/payload-jobs/:id/retry (admins): a failed job goes back to the queue with fresh
 * attempts (its last error is dropped with its task log), and the workers are woken. 409 for a
 * job that has not failed.
 */
export const retryJobEndpoint: Endpoint = {
  path: '/:id/retry',
  method: 'post',
  handler: async (req) => {
    if (!isAdmin(req.user)) throw new APIError('Only admins can retry jobs.', 403, undefined, true)
    const id = Number(req.routeParams?.id)
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound(req.t)
    // one statement: the task log (Payload counts attempts from it) goes with the reset, so no
    // worker can claim the job in between and see its old attempts
    const result = (await req.payload.db.drizzle.execute(sql`
      with reset as (
        update payload_jobs
           set has_error = false, error = null, total_tried = 0, wait_until = null, processing = false,
               lease_until = null, worker_id = null, updated_at = now()
         where id = ${id} and has_error = true and completed_at is null
        returning id),
      purge as (delete from payload_jobs_log where _parent_id in (select id from reset))
      select id from reset`)) as unknown as { rows: Array<{ id: number }> }
    if (!result.rows.length) {
      const exists = (await req.payload.db.drizzle.execute(
        sql`select 1 from payload_jobs where id = ${id}`,
      )) as unknown as {
        rows: unknown[]
      }
      if (!exists.rows.length) throw new NotFound(req.t)
      throw new APIError('Only a failed job can be retried.', 409, undefined, true)
    }
    await wakeWorkers(req.payload, ANY_QUEUE)
    return Response.json({ id, status: 'queued' })
  },
}
