import { spawn, type ChildProcess } from 'node:child_process'

import { TSX_ARGS } from '../../src/lib/processes'
import { ROOT } from './cms'

export type RunningWorker = { child: ChildProcess; output: () => string; started: () => Promise<void> }

/** One `npm run worker` process (through tsx) with the given environment. */
export function spawnWorker(env: Record<string, string>): RunningWorker {
  let log = ''
  const child = spawn(process.execPath, [...TSX_ARGS, 'src/scripts/worker.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const append = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000))
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const started = async () => {
    const deadline = Date.now() + 60_000
    while (!log.includes('jobs worker started')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${log}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return { child, output: () => log, started }
}
