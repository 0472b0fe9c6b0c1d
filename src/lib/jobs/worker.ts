import { hostname } from 'node:os'

import pg from 'pg'
import type { Payload } from 'payload'

import { JOBS_CHANNEL } from './queue'
import { takeRetryAfter } from './retryAfter'

export type WorkerOptions = {
  databaseUrl: string
  concurrency: number
  pollMs: number
  leaseMs: number
  shutdownGraceMs: number
  workerId?: string
}

type Log = Pick<Payload['logger'], 'info' | 'warn' | 'error'>

/**
 * Runs Payload jobs safely with any number of workers (Payload 3.90's own runner claims with
 * find-then-update, so two runners can take one job, and a job left `processing` by a dead
 * runner stays stuck):
 * - claims with one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n), then runs
 *   each job with payload.jobs.runByID;
 * - wakes on NOTIFY (queueJob), polls every `pollMs` as a fallback;
 * - holds a lease it renews while running; any worker's reaper returns jobs whose lease ran out
 *   to the queue, counting the attempt, and fails them when the task's attempts are used up;
 * - stop(): claims nothing more, waits up to `shutdownGraceMs`, releases what is still running.
 */
export class JobsWorker {
  readonly workerId: string
  private readonly active = new Map<number, Promise<void>>()
  private running = false
  private wakeWaiter: (() => void) | undefined
  // a wake-up that came while the loop was busy is kept, so no notification or finish is lost
  private wokenWhileBusy = false
  private listener: pg.Client | undefined
  private pool: pg.Pool
  private timers: NodeJS.Timeout[] = []
  private loopDone: Promise<void> | undefined

  constructor(
    private readonly payload: Payload,
    private readonly options: WorkerOptions,
    private readonly log: Log = payload.logger,
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3 })
  }

  /** Attempts allowed per task slug: Payload's `retries` plus the first try. */
  private maxAttempts(): Record<string, number> {
    const limits: Record<string, number> = {}
    for (const task of this.payload.config.jobs.tasks ?? []) {
      const retries = typeof task.retries === 'object' ? (task.retries?.attempts ?? 0) : (task.retries ?? 0)
      limits[task.slug] = retries + 1
    }
    return limits
  }

  async start(): Promise<void> {
    this.running = true
    this.listener = new pg.Client({ connectionString: this.options.databaseUrl })
    this.listener.on('error', (err) => this.log.warn({ err }, 'jobs worker: LISTEN connection lost; polling'))
    await this.listener.connect()
    this.listener.on('notification', () => this.wake())
    await this.listener.query(`listen ${JOBS_CHANNEL}`)
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => void fn().catch((err) => this.log.error({ err }, 'jobs worker timer failed')), ms)
      this.timers.push(timer)
    }
    every(Math.max(200, Math.floor(this.options.leaseMs / 3)), () => this.renewLeases())
    every(Math.max(250, Math.floor(this.options.leaseMs / 2)), () => this.reapExpired())
    this.loopDone = this.loop()
    this.log.info(
      {
        workerId: this.workerId,
        concurrency: this.options.concurrency,
        pollMs: this.options.pollMs,
        leaseMs: this.options.leaseMs,
        shutdownGraceMs: this.options.shutdownGraceMs,
      },
      'jobs worker started',
    )
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.options.concurrency - this.active.size
      let claimed = 0
      if (free > 0) {
        try {
          const ids = await this.claim(free)
          claimed = ids.length
          for (const id of ids) this.runOne(id)
        } catch (err) {
          this.log.error({ err }, 'jobs worker: claim failed')
        }
      }
      // more work may be waiting when the batch was full; otherwise sleep until NOTIFY or the poll
      if (claimed > 0 && claimed === free) continue
      await this.sleep()
    }
  }

  private wake() {
    if (this.wakeWaiter) this.wakeWaiter()
    else this.wokenWhileBusy = true
  }

  /** Until NOTIFY, a finished job or the poll interval, whichever comes first. */
  private async sleep() {
    if (this.wokenWhileBusy) {
      this.wokenWhileBusy = false
      return
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.pollMs)
      this.wakeWaiter = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.wakeWaiter = undefined
  }

  private async claim(limit: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ id: number }>(
      `update payload_jobs
          set processing = true, lease_until = now() + make_interval(secs => $2::double precision / 1000),
              worker_id = $3, updated_at = now()
        where id in (
          select id from payload_jobs
           where processing = false and completed_at is null and coalesce(has_error, false) = false
             and (wait_until is null or wait_until <= now())
           order by created_at, id
           for update skip locked
           limit $1)
      returning id`,
      [limit, this.options.leaseMs, this.workerId],
    )
    return rows.map((row) => row.id)
  }

  private runOne(id: number) {
    const run = (async () => {
      try {
        await this.payload.jobs.runByID({ id, overrideAccess: true, silent: true })
      } catch (err) {
        this.log.error({ err, jobId: id }, 'jobs worker: job run failed')
      }
      const retryAfterMs = takeRetryAfter(id)
      // done or failed: the lease ends; a provider's Retry-After pushes the next attempt back
      await this.pool.query(
        `update payload_jobs
            set lease_until = null, worker_id = null,
                wait_until = case when $3::double precision is not null and completed_at is null and not coalesce(has_error, false)
                                  then greatest(coalesce(wait_until, now()), now() + make_interval(secs => $3::double precision / 1000))
                                  else wait_until end
          where id = $1 and worker_id = $2`,
        [id, this.workerId, retryAfterMs ?? null],
      )
    })().finally(() => {
      this.active.delete(id)
      this.wake()
    })
    this.active.set(id, run)
  }

  private async renewLeases() {
    if (!this.active.size) return
    await this.pool.query(
      `update payload_jobs set lease_until = now() + make_interval(secs => $3::double precision / 1000)
        where id = any($1::int[]) and worker_id = $2`,
      [[...this.active.keys()], this.workerId, this.options.leaseMs],
    )
  }

  /** Jobs whose holder died: back to the queue with the attempt counted, or failed for good. */
  async reapExpired(): Promise<number> {
    const limits = this.maxAttempts()
    const { rows } = await this.pool.query<{ id: number; has_error: boolean }>(
      `update payload_jobs j
          set processing = false, lease_until = null, worker_id = null, updated_at = now(),
              total_tried = coalesce(j.total_tried, 0) + 1,
              has_error = coalesce(j.total_tried, 0) + 1 >= coalesce(($1::jsonb ->> j.task_slug::text)::int, 1),
              error = case when coalesce(j.total_tried, 0) + 1 >= coalesce(($1::jsonb ->> j.task_slug::text)::int, 1)
                           then jsonb_build_object('name', 'LeaseExpired', 'message', 'The worker running this job stopped; its attempts are used up.')
                           else j.error end
        where j.processing = true and j.lease_until is not null and j.lease_until < now()
          and j.completed_at is null
      returning j.id, j.has_error`,
      [JSON.stringify(limits)],
    )
    if (rows.length) {
      this.log.warn({ jobs: rows.map((r) => ({ id: r.id, failed: r.has_error })) }, 'jobs worker: reaped jobs of a dead worker')
      await this.pool.query(`select pg_notify($1, 'reaped')`, [JOBS_CHANNEL])
    }
    return rows.length
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.wake()
    for (const timer of this.timers) clearInterval(timer)
    await this.loopDone
    const grace = new Promise((resolve) => setTimeout(resolve, this.options.shutdownGraceMs).unref())
    await Promise.race([Promise.allSettled([...this.active.values()]), grace])
    if (this.active.size) {
      // not finished in time: hand them back without counting an attempt
      const ids = [...this.active.keys()]
      await this.pool.query(
        `update payload_jobs set processing = false, lease_until = null, worker_id = null
          where id = any($1::int[]) and worker_id = $2 and completed_at is null`,
        [ids, this.workerId],
      )
      this.log.warn({ jobs: ids }, 'jobs worker: released unfinished jobs on shutdown')
    }
    await this.listener?.end().catch(() => undefined)
    await this.pool.end().catch(() => undefined)
    this.log.info({ workerId: this.workerId }, 'jobs worker stopped')
  }
}
