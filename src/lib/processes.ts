import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

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
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`)),
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
