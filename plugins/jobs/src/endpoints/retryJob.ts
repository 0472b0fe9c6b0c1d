import { APIError, NotFound, type Endpoint, type PayloadRequest } from 'payload'

import { ANY_QUEUE, jobExists, retryFailed, runInPayload } from '../utilities/jobsTable'
import { wakeWorkers } from '../utilities/queue'

/**
 * POST /api/payload-jobs/:id/retry (whoever `canManageJobs` lets in): a failed job goes back to
 * the queue with fresh attempts (its last error is dropped with its task log), and the workers
 * are woken. 409 for a job that has not failed.
 */
export const retryJobEndpoint = (
  canManageJobs: (args: { req: PayloadRequest }) => boolean | Promise<boolean>,
): Endpoint => ({
  path: '/:id/retry',
  method: 'post',
  handler: async (req) => {
    if (!(await canManageJobs({ req })))
      throw new APIError('You are not allowed to retry jobs.', 403, undefined, true)
    const raw = String(req.routeParams?.id ?? '')
    const id = Number(raw)
    if (!/^[1-9]\d{0,9}$/.test(raw) || id > 2_147_483_647) throw new NotFound(req.t)
    const reset = await runInPayload<{ id: number }>(req.payload, retryFailed(id))
    if (!reset.length) {
      if (!(await runInPayload(req.payload, jobExists(id))).length) throw new NotFound(req.t)
      throw new APIError('Only a failed job can be retried.', 409, undefined, true)
    }
    await wakeWorkers(req.payload, ANY_QUEUE)
    return Response.json({ id, status: 'queued' })
  },
})
