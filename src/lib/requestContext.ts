import { AsyncLocalStorage } from 'node:async_hooks'

export type RequestContext = { requestId: string }

// One store per process, shared by src/server.ts and the copy of this module that Next bundles
// with Payload, so Payload's own log lines carry the id of the request they belong to.
const STORE_KEY = Symbol.for('smm.requestContext')
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>
const storage = (holder[STORE_KEY] ??= new AsyncLocalStorage<RequestContext>())

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn)

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId
