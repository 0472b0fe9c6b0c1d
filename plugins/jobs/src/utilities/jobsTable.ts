import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

import { transactionSession } from './transactionSession'

/**
 * Every SQL statement on Payload's `payload_jobs` table, in one place, with one definition of
 * a job that is ready to run. Statements are written once and run either on the worker's own
 * `pg` connections (`toPg`) or through Payload's Drizzle, in a request's transaction when it
 * has one (`runInPayload`).
 */

/** Raw SQL spliced into a statement as text (a fixed fragment, never a caller's value). */
class Fragment {
  constructor(readonly text: string) {}
}

export type Statement = { strings: string[]; values: unknown[] }

function statement(strings: TemplateStringsArray, ...values: unknown[]): Statement {
  const parts = [strings[0]]
  const params: unknown[] = []
  values.forEach((value, index) => {
    if (value instanceof Fragment) parts[parts.length - 1] += value.text + strings[index + 1]
    else {
      params.push(value)
      parts.push(strings[index + 1])
    }
  })
  return { strings: parts, values: params }
}

/** `{text, values}` for node-postgres (`$1`, `$2`…). */
export const toPg = ({ strings, values }: Statement) => ({
  text: strings.map((part, index) => (index === 0 ? part : `$${index}${part}`)).join(''),
  values,
})

type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> }

/** Runs a statement through Payload's database: in `req`'s transaction when it has one. */
export async function runInPayload<Row>(
  payload: Payload,
  query: Statement,
  req?: PayloadRequest,
): Promise<Row[]> {
  const db: Executor =
    (req && (await transactionSession(req))?.db) ?? (payload.db.drizzle as unknown as Executor)
  const strings = Object.assign([...query.strings], { raw: query.strings }) as unknown as TemplateStringsArray
  const result = (await db.execute(sql(strings, ...query.values))) as { rows?: Row[] }
  return result.rows ?? []
}

export const JOBS_CHANNEL = 'smm_jobs'
/** The NOTIFY payload that may concern every queue (a reaped, released or retried job). */
export const ANY_QUEUE = '*'

/** A job that may start now: not running, not claimed, not finished, not failed, due. */
const READY = new Fragment(
  `processing = false and worker_id is null and completed_at is null and coalesce(has_error, false) = false
   and (wait_until is null or wait_until <= now())`,
)
/** A job a worker holds: claimed or running, not finished. */
const HELD = new Fragment(`(processing = true or worker_id is not null) and completed_at is null`)
const QUEUE = new Fragment(`coalesce(queue, 'default')`)

export const wake = (queue: string) => statement`select pg_notify(${JOBS_CHANNEL}, ${queue})`

/**
 * A task's job inserted and its queue's workers woken, in one statement (the NOTIFY is delivered
 * when the surrounding transaction commits). The columns are those Payload's own queueing sets.
 */
export const insertJob = (job: { task: string; queue: string; input: unknown; waitUntil?: Date }) =>
  statement`with job as (
      insert into payload_jobs (input, task_slug, queue, wait_until, created_at, updated_at)
      values (${JSON.stringify(job.input ?? {})}::jsonb, ${job.task}, ${job.queue}, ${job.waitUntil?.toISOString() ?? null}, now(), now())
      returning id, queue, task_slug, input, wait_until, created_at, updated_at
    )
    select id, queue, task_slug as "taskSlug", input, wait_until as "waitUntil", created_at as "createdAt",
           updated_at as "updatedAt", pg_notify(${JOBS_CHANNEL}, queue) is null as woken
    from job`

/**
 * Claims up to `limit` ready jobs for `workerId` with a lease of `leaseMs`: those of `queue`,
 * or (queue null) of every queue not in `cappedQueues`. SKIP LOCKED: two workers never take one.
 */
export const claim = (options: {
  limit: number
  leaseMs: number
  workerId: string
  queue: string | null
  cappedQueues: string[]
}) => statement`
  update payload_jobs
     set lease_until = now() + make_interval(secs => ${options.leaseMs}::double precision / 1000), worker_id = ${options.workerId}
   where id in (
     select id from payload_jobs
      where ${READY}
        and case when ${options.queue}::text is null then ${QUEUE} <> all(${options.cappedQueues}::text[])
                 else ${QUEUE} = ${options.queue}::text end
      order by created_at, id
      for update skip locked
      limit ${options.limit})
  returning id, ${QUEUE} as queue`

/** Serialises claims from one capped queue (first key: "SMMQ"). */
export const lockQueue = (queue: string) =>
  statement`select pg_advisory_xact_lock(${0x534d4d51}, hashtext(${queue}))`

export const heldInQueue = (queue: string) =>
  statement`select count(*)::int as running from payload_jobs where ${QUEUE} = ${queue} and ${HELD}`

/**
 * A batch has ended: jobs that did not complete lose their lease, and a provider's Retry-After
 * (ms per job, null for none) pushes the next attempt back. A job still marked processing (the
 * run broke off) keeps its lease and is reaped when it runs out.
 */
export const endLeases = (ids: number[], workerId: string, retryAfterMs: Array<number | null>) => statement`
  update payload_jobs j
     set lease_until = null, worker_id = null,
         wait_until = case when d.delay is not null and j.completed_at is null and not coalesce(j.has_error, false)
                           then greatest(coalesce(j.wait_until, now()), now() + make_interval(secs => d.delay / 1000))
                           else j.wait_until end
    from unnest(${ids}::int[], ${retryAfterMs}::double precision[]) as d(id, delay)
   where j.id = d.id and j.worker_id = ${workerId} and j.processing = false`

export const stillRunning = (ids: number[], workerId: string) => statement`
  select count(*)::int as n from payload_jobs where id = any(${ids}::int[]) and worker_id = ${workerId} and processing = true`

/**
 * Extends the leases of the jobs a worker runs. Rows another statement holds at that moment
 * (Payload's runner marking or deleting them) are skipped, never waited for: the two would
 * otherwise deadlock, and the next renewal, a third of a lease later, takes them.
 */
export const renewLeases = (ids: number[], workerId: string, leaseMs: number) => statement`
  update payload_jobs set lease_until = now() + make_interval(secs => ${leaseMs}::double precision / 1000)
   where id in (
     select id from payload_jobs where id = any(${ids}::int[]) and worker_id = ${workerId}
      order by id for update skip locked)`

/**
 * Jobs whose holder died: back to the queue with the attempt counted (failed for good once the
 * task's attempts, `{slug: attempts}`, are used up); a claimed job that never started goes back
 * as it was. Two reapers never wait on each other (SKIP LOCKED).
 */
export const reapExpired = (attemptsPerTask: Record<string, number>) => {
  const attempts = JSON.stringify(attemptsPerTask)
  return statement`
  update payload_jobs j
     set processing = false, lease_until = null, worker_id = null, updated_at = now(),
         total_tried = coalesce(j.total_tried, 0) + case when j.processing then 1 else 0 end,
         has_error = case when j.processing
                          then coalesce(j.total_tried, 0) + 1 >= coalesce((${attempts}::jsonb ->> j.task_slug::text)::int, 1)
                          else j.has_error end,
         error = case when j.processing and coalesce(j.total_tried, 0) + 1 >= coalesce((${attempts}::jsonb ->> j.task_slug::text)::int, 1)
                      then jsonb_build_object('name', 'LeaseExpired', 'message', 'The worker running this job stopped; its attempts are used up.')
                      else j.error end
   where j.id in (
     select id from payload_jobs
      where (processing = true or worker_id is not null) and lease_until is not null and lease_until < now()
        and completed_at is null
      order by id for update skip locked)
  returning j.id, j.has_error`
}

/** Hands jobs back without counting an attempt (a worker stopping before they finished). */
export const releaseHeld = (ids: number[], workerId: string) => statement`
  update payload_jobs set processing = false, lease_until = null, worker_id = null
   where id = any(${ids}::int[]) and worker_id = ${workerId} and completed_at is null`

/**
 * A failed job back to the queue with fresh attempts, its last error dropped with its task log
 * (Payload counts attempts from the log), in one statement so no worker claims it in between.
 */
export const retryFailed = (id: number) => statement`
  with reset as (
    update payload_jobs
       set has_error = false, error = null, total_tried = 0, wait_until = null, processing = false,
           lease_until = null, worker_id = null, updated_at = now()
     where id = ${id} and has_error = true and completed_at is null
    returning id),
  purge as (delete from payload_jobs_log where _parent_id in (select id from reset))
  select id from reset`

export const jobExists = (id: number) => statement`select 1 as found from payload_jobs where id = ${id}`

/** Seconds the oldest ready job has waited (null when none waits): the queue's health. */
export const oldestReadyAge = () =>
  statement`select extract(epoch from now() - min(created_at))::float as age from payload_jobs where ${READY}`
