import type { PayloadRequest } from 'payload'

import { transactionSession } from './transactionSession'

/**
 * Runs `fn` once the request's transaction has committed (or at once when there is none), so
 * work that must see committed data (cache invalidation, NOTIFY) never races the commit.
 * Rolled-back transactions skip `fn`.
 */
export async function afterCommit(req: PayloadRequest, fn: () => unknown): Promise<void> {
  const session = await transactionSession(req)
  if (!session) {
    await fn()
    return
  }
  const commit = session.resolve
  session.resolve = async () => {
    const result = await commit()
    await Promise.resolve(fn()).catch((err) =>
      req.payload.logger.error({ err, msg: 'afterCommit callback failed' }),
    )
    return result
  }
}
