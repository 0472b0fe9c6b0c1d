/**
 * Everything a plugin needs for background work and email, in one import:
 *
 *   import { queueEmail, queueJob, FailNowError, RetryAfterError } from '@/lib/jobs'
 *
 * See README "Background work" for the pattern (queue in the transaction of the state change).
 */
export { queueJob, JOBS_CHANNEL } from './queue'
export { queueEmail, EMAIL_QUEUE } from '../email/queueEmail'
export { FailNowError, RetryAfterError } from './errors'
export { honourRetryAfter } from './retryAfter'
export { queueConcurrency, type QueueCaps } from './queueCaps'
