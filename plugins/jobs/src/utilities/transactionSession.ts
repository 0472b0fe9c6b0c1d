import type { PayloadRequest } from 'payload'

/** What the Postgres adapter keeps per open transaction (payload.db.sessions[transactionID]). */
export type TransactionSession = {
  db: { execute: (query: unknown) => Promise<unknown> }
  resolve: () => Promise<unknown>
  reject: () => Promise<unknown>
}

/** The open transaction of `req`, if it has one: the one place that reads the adapter's sessions. */
export async function transactionSession(req: PayloadRequest): Promise<TransactionSession | undefined> {
  const transactionID = req.transactionID instanceof Promise ? await req.transactionID : req.transactionID
  if (!transactionID) return undefined
  const sessions = (req.payload.db as unknown as { sessions?: Record<string, TransactionSession> }).sessions
  return sessions?.[String(transactionID)]
}
