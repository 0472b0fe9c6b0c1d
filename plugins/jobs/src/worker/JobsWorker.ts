import { hostname } from 'node:os'

import pg from 'pg'
import type { Payload } from 'payload'

import {
  ANY_QUEUE,
  claim,
  endLeases,
  heldInQueue,
  JOBS_CHANNEL,
  lockQueue,
  reapExpired,
  releaseHeld,
  renewLeases,
  stillRunning,
  toPg,
  wake,
  type Statement,
} from '../utilities/jobsTable'
import type { QueueCaps } from '../utilities/queueCaps'
import { takeRetryAfter } from '../utilities/retryAfter'

export type WorkerOptions = {
  databaseUrl: string
  concurrency: number
  pollMs: number
  leaseMs: number
  shutdownGraceMs: number
  workerId?: string
  /** At most this many jobs of a queue running at once, across all workers. */
  queueCaps?: QueueCaps
}

type Claimed = { id: number; queue: string }
type Queryable = Pick<pg.Pool, 'query'>

/** Runs one of the jobs table's statements (src/utilities/jobsTable.ts) on a pg connection. */
async function execute<Row extends pg.QueryResultRow>(db: Queryable, statement: Statement): Promise<Row[]> {
  const { text, values } = toPg(statement)
  return (await db.query<Row>(text, values)).rows
}

type Log = Pick<Payload['logger'], 'info' | 'warn' | 'error'>

/**
 * Runs Payload jobs safely with any number of workers (Payload 3.90's own runner claims with
 * find-then-update, so two runners can take one job, and a job left `processing` by a dead
 * runner stays stuck):
 * - claims a batch with one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) that
 *   writes its id and lease on the jobs, then hands exactly those jobs to Payload's own runner
 *   (payload.jobs.run restricted to their ids): Payload marks them processing, runs them in
 *   parallel and deletes the completed ones in one statement per batch. (runByID per job would
 *   re-claim and delete each job on its own: three times the statements per job, measured in
 *   bench/jobs.ts.) A batch's slots free up when its last job ends;
 * - wakes on NOTIFY (queueJob), polls every `pollMs` as a fallback;
 * - caps each process at `concurrency` jobs, and a queue with a cap (`queueCaps`) at that many
 *   running jobs across all workers: its claims take an advisory lock, count what runs, and
 *   claim only the room left; a finished job of a capped queue wakes the other workers;
 * - holds a lease it renews while running; any worker's reaper returns jobs whose lease ran out
 *   to the queue, counting the attempt, and fails them when the task's attempts are used up;
 * - stop(): claims nothing more, waits up to `shutdownGraceMs`, releases what is still running.
 */
export class JobsWorker {
  readonly workerId: string
  private readonly active = new Map<number, Promise<void>>()
  private readonly caps: QueueCaps
  /** Capped queues that may hold ready jobs, each with a count of the hints it received. */
  private readonly capHints = new Map<string, number>()
  private lastCapSweep = 0
  /** Attempts allowed per task slug (the reaper fails a job that has used them up). */
  private readonly maxAttempts: Record<string, number>
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
    this.caps = { ...options.queueCaps }
    this.maxAttempts = attemptsPerTask(payload)
  }

  /** A capped queue (or, without a name, every one) may have work: check it at the next claim. */
  private hintCapped(queue?: string) {
    for (const name of queue === undefined ? Object.keys(this.caps) : [queue]) {
      if (name in this.caps) this.capHints.set(name, (this.capHints.get(name) ?? 0) + 1)
    }
  }

  /**
   * LISTEN on its own connection. When it is lost (Postgres restarted), the worker polls and
   * connects again with a growing pause, waking once when back (NOTIFYs in between are lost).
   */
  private async listen(attempt = 0): Promise<void> {
    const listener = new pg.Client({ connectionString: this.options.databaseUrl })
    this.listener = listener
    let lost = false
    const reconnect = (err?: unknown) => {
      if (lost || !this.running) return
      lost = true
      this.log.warn({ err }, 'jobs worker: LISTEN connection lost; polling until it is back')
      void listener.end().catch(() => undefined)
      const pause = Math.min(30_000, 500 * 2 ** attempt)
      const timer = setTimeout(() => void this.listen(attempt + 1).catch(() => undefined), pause)
      this.timers.push(timer)
    }
    listener.on('error', reconnect)
    listener.on('end', () => reconnect())
    listener.on('notification', (message) => {
      const queue = message.payload ?? ''
      this.hintCapped(queue === ANY_QUEUE ? undefined : queue)
      this.wake()
    })
    try {
      await listener.connect()
      await listener.query(`listen ${JOBS_CHANNEL}`)
    } catch (err) {
      // the first connection must work (a wrong URL should stop the start); later ones retry
      if (attempt === 0) throw err
      return reconnect(err)
    }
    if (attempt > 0) {
      this.log.info({ workerId: this.workerId }, 'jobs worker: LISTEN connection back')
      this.hintCapped()
      this.wake()
    }
  }

  async start(): Promise<void> {
    this.running = true
    // an idle connection the server closes (a Postgres restart) must not crash the process
    this.pool.on('error', (err) => this.log.warn({ err }, 'jobs worker: a database connection was lost'))
    await this.listen()
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(
        () => void fn().catch((err) => this.log.error({ err }, 'jobs worker timer failed')),
        ms,
      )
      this.timers.push(timer)
    }
    every(Math.max(200, Math.floor(this.options.leaseMs / 3)), () => this.renewLeases())
    every(Math.max(250, Math.floor(this.options.leaseMs / 2)), () => this.reapExpired())
    this.loopDone = this.loop()
    this.log.info(
      {
        workerId: this.workerId,
        concurrency: this.options.concurrency,
        queueCaps: this.caps,
        pollMs: this.options.pollMs,
        leaseMs: this.options.leaseMs,
        shutdownGraceMs: this.options.shutdownGraceMs,
      },
      'jobs worker started',
    )
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // two half-size batches in flight: one is claimed or wound up while the other runs
      const free = Math.min(
        this.options.concurrency - this.active.size,
        Math.ceil(this.options.concurrency / 2),
      )
      let claimed = 0
      if (free > 0) {
        try {
          const jobs = await this.claim(free)
          claimed = jobs.length
          if (jobs.length) this.runBatch(jobs)
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

  /** Capped queues first (their room is bounded), then every other queue with what is left. */
  private async claim(limit: number): Promise<Claimed[]> {
    // a delayed job (backoff, Retry-After) of a capped queue becomes due without a NOTIFY, and a
    // busy worker's poll timer keeps being cut short: look at every capped queue each pollMs
    // (and at the first claim)
    if (Date.now() - this.lastCapSweep >= this.options.pollMs) {
      this.lastCapSweep = Date.now()
      this.hintCapped()
    }
    const claimed: Claimed[] = []
    for (const [queue, hints] of [...this.capHints]) {
      if (claimed.length >= limit) break
      const { jobs, exhausted } = await this.claimCapped(queue, this.caps[queue], limit - claimed.length)
      claimed.push(...jobs)
      // nothing more to take (empty, or at its cap until a finish says otherwise): forget the
      // hint, unless a new one came while this claim ran
      if (exhausted && this.capHints.get(queue) === hints) this.capHints.delete(queue)
    }
    if (claimed.length < limit) claimed.push(...(await this.claimFrom(this.pool, limit - claimed.length)))
    return claimed
  }

  /** One claim statement: ready jobs of `queue`, or of every queue without a cap. */
  private claimFrom(db: Queryable, limit: number, queue?: string): Promise<Claimed[]> {
    return execute<Claimed>(
      db,
      claim({
        limit,
        leaseMs: this.options.leaseMs,
        workerId: this.workerId,
        queue: queue ?? null,
        cappedQueues: Object.keys(this.caps),
      }),
    )
  }

  /**
   * Claims from a capped queue under an advisory lock, so two workers never both see room for
   * the same slot; the count is read after the lock is held (a fresh snapshot per statement).
   */
  private async claimCapped(
    queue: string,
    cap: number,
    limit: number,
  ): Promise<{ jobs: Claimed[]; exhausted: boolean }> {
    const client = await this.pool.connect()
    try {
      await client.query('begin')
      await execute(client, lockQueue(queue))
      const [{ running }] = await execute<{ running: number }>(client, heldInQueue(queue))
      const room = Math.min(limit, cap - running)
      const jobs = room > 0 ? await this.claimFrom(client, room, queue) : []
      await client.query('commit')
      return { jobs, exhausted: room <= 0 || jobs.length < room }
    } catch (err) {
      await client.query('rollback').catch(() => undefined)
      throw err
    } finally {
      client.release()
    }
  }

  private runBatch(jobs: Claimed[]) {
    const ids = jobs.map((job) => job.id)
    const run = (async () => {
      let allDone = false
      try {
        // Payload's runner, told to take exactly the jobs this worker claimed (its own filters
        // still apply: not processing, not completed, not failed, due)
        const { jobStatus = {} } = await this.payload.jobs.run({
          where: { id: { in: ids } },
          allQueues: true,
          limit: ids.length,
          overrideAccess: true,
          silent: true,
        })
        // all completed (and deleted): nothing to wind up
        allDone = ids.every((id) => jobStatus[String(id)]?.status === 'success')
      } catch (err) {
        this.log.error({ err, jobs: ids }, 'jobs worker: batch run failed')
        // Payload's runner gives up on the batch at the first job that throws, while the others
        // may still be running in this process: keep their leases until they end
        await this.whileStillRunning(ids)
      }
      const retryAfterMs = ids.map((id) => takeRetryAfter(id) ?? null)
      // Done, failed or never started: the lease ends, and a provider's Retry-After pushes the
      // next attempt back. A job still marked processing (the run broke off) keeps its lease
      // and is reaped when it runs out. Completed jobs are already deleted.
      if (!allDone) await execute(this.pool, endLeases(ids, this.workerId, retryAfterMs))
      // slots of a capped queue are free: any worker may take the next job
      for (const queue of new Set(jobs.map((job) => job.queue))) {
        if (queue in this.caps) await this.notify(queue)
      }
    })()
      .catch((err) => this.log.error({ err, jobs: ids }, 'jobs worker: could not end the leases'))
      .finally(() => {
        for (const id of ids) this.active.delete(id)
        this.wake()
      })
    for (const id of ids) this.active.set(id, run)
  }

  /**
   * Waits (renewing leases, as the ids stay in `active`) until none of `ids` is marked processing
   * by this worker; at most ten leases, after which what is left is reaped like a dead worker's.
   */
  private async whileStillRunning(ids: number[]) {
    const deadline = Date.now() + 10 * this.options.leaseMs
    while (this.running && Date.now() < deadline) {
      const [{ n }] = await execute<{ n: number }>(this.pool, stillRunning(ids, this.workerId))
      if (n === 0) return
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }

  /** Wakes every worker (this one included) for `queue`. */
  private async notify(queue: string) {
    await execute(this.pool, wake(queue))
  }

  private async renewLeases() {
    if (!this.active.size) return
    await execute(this.pool, renewLeases([...this.active.keys()], this.workerId, this.options.leaseMs))
  }

  /**
   * Jobs whose holder died: back to the queue with the attempt counted (or failed for good once
   * the attempts are used up); a job it had claimed but not started goes back as it was.
   */
  async reapExpired(): Promise<number> {
    const rows = await execute<{ id: number; has_error: boolean }>(this.pool, reapExpired(this.maxAttempts))
    if (rows.length) {
      this.log.warn(
        { jobs: rows.map((r) => ({ id: r.id, failed: r.has_error })) },
        'jobs worker: reaped jobs of a dead worker',
      )
      await this.notify(ANY_QUEUE)
    }
    return rows.length
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.wake()
    for (const timer of this.timers) clearInterval(timer) // clears timeouts too
    await this.loopDone
    const grace = new Promise((resolve) => setTimeout(resolve, this.options.shutdownGraceMs).unref())
    await Promise.race([Promise.allSettled([...this.active.values()]), grace])
    if (this.active.size) {
      // not finished in time: hand them back without counting an attempt
      const ids = [...this.active.keys()]
      await execute(this.pool, releaseHeld(ids, this.workerId))
      this.log.warn({ jobs: ids }, 'jobs worker: released unfinished jobs on shutdown')
      await this.notify(ANY_QUEUE)
    }
    await this.listener?.end().catch(() => undefined)
    await this.pool.end().catch(() => undefined)
    this.log.info({ workerId: this.workerId }, 'jobs worker stopped')
  }
}

/** Attempts allowed per task slug: Payload's `retries` plus the first try. */
function attemptsPerTask(payload: Payload): Record<string, number> {
  const limits: Record<string, number> = {}
  for (const task of payload.config.jobs.tasks ?? []) {
    const retries = typeof task.retries === 'object' ? (task.retries?.attempts ?? 0) : (task.retries ?? 0)
    limits[task.slug] = retries + 1
  }
  return limits
}
