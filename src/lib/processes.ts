import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process'
import net from 'node:net'

/**
 * Node arguments that run a TypeScript file with tsx's loader in the same process. (The `tsx`
 * command instead runs it in a child and relays signals with a 30 ms acknowledgement window; on a
 * busy machine it then SIGKILLs the child, which must never happen to the supervisor.)
 */
export const TSX_ARGS = ['--import', 'tsx']

/** Runs a command to completion, inheriting stdio; rejects with its exit code. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options })
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`)),
    )
  })
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A free TCP port on loopback (for a server the caller is about to start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export type LoggedChild = { child: ChildProcess; output: () => string }

/**
 * Starts a Node program (a TypeScript file through tsx) with piped output, keeping the last
 * `tailChars` of it for error messages.
 */
export function spawnLogged(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; tailChars?: number },
): LoggedChild {
  const child = spawn(process.execPath, [...TSX_ARGS, script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const tail = options.tailChars ?? 20_000
  let log = ''
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-tail)
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  return { child, output: () => log }
}

/** Whether `url` answers 2xx now. */
export async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok
  } catch {
    return false // not up yet
  }
}

/**
 * Waits until a started program is `ready` and returns it. A fresh process that exits 13
 * before that (an unsettled top-level await: seen rarely on a busy machine, with no output) is
 * started once more with `respawn`; any other exit fails at once with the program's output.
 */
export async function untilReady(
  first: LoggedChild,
  respawn: () => LoggedChild,
  ready: (started: LoggedChild) => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<LoggedChild> {
  let current = first
  let retried = false
  await waitForCondition(
    what,
    async () => {
      if (await ready(current)) return true
      const code = current.child.exitCode
      if (code === 13 && !retried) {
        retried = true
        console.log(`[processes] ${what}: the process exited 13 before it was ready; starting it once more`)
        current = respawn()
        return false
      }
      if (code !== null) throw new Error(`${what}: the process exited ${code}:\n${current.output()}`)
      return false
    },
    timeoutMs,
    () => current.output(),
  )
  return current
}

/** Polls `url` until it answers 2xx (the process retried once on exit 13, see untilReady). */
export function waitForHttp(
  url: string,
  timeoutMs: number,
  started: LoggedChild,
  respawn: () => LoggedChild,
) {
  return untilReady(started, respawn, () => answers(url), `${url} to answer`, timeoutMs)
}

/** Polls `condition` until it holds; the error names what never happened. */
export async function waitForCondition<T>(
  what: string,
  condition: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  context: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await condition()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * Runs a project script to completion (a setup or benchmark step). A fresh process that exits 13
 * (an unsettled top-level await, seen once right after a cold build, with no output) is retried
 * once, reported; any other failure throws with the end of its output.
 */
export function runStep(
  name: string,
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; inherit?: boolean },
  retried = false,
): void {
  const result = spawnSync(process.execPath, [...TSX_ARGS, script], {
    cwd: options.cwd,
    env: options.env,
    stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const output = `${result.stdout?.slice(-4000) ?? ''}\n${result.stderr?.slice(-4000) ?? ''}`
  if (result.status === 13 && !retried) {
    console.log(`[${name}] exited 13 (unsettled top-level await), retrying once:\n${output}`)
    return runStep(name, script, options, true)
  }
  if (result.status !== 0) {
    throw new Error(
      `${name} failed (${result.signal ?? `exit ${result.status}`}${result.error ? `: ${result.error.message}` : ''}):\n${output}`,
    )
  }
}
