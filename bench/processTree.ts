import { readdirSync, readFileSync } from 'node:fs'

/**
 * Linux /proc helpers. The benchmarked server is `tsx src/server.ts`, and tsx runs the script in a
 * child node process, so memory and clean-up must cover the whole tree, not only the pid we spawned.
 */

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined // the process (or thread) has exited
  }
}

/** `pid` and all its descendants, from /proc/<pid>/task/<tid>/children of every thread. */
export function processTree(pid: number): number[] {
  const tree: number[] = []
  const pending = [pid]
  while (pending.length) {
    const current = pending.pop()!
    tree.push(current)
    let threads: string[] = []
    try {
      threads = readdirSync(`/proc/${current}/task`)
    } catch {
      continue
    }
    for (const tid of threads) {
      const children = readProc(`/proc/${current}/task/${tid}/children`) ?? ''
      for (const child of children.split(/\s+/).filter(Boolean)) pending.push(Number(child))
    }
  }
  return tree
}

/** Resident memory of one process in kB (0 when it is gone). */
export function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readProc(`/proc/${pid}/status`) ?? '')
  return match ? Number(match[1]) : 0
}

export function commandLine(pid: number): string | undefined {
  return readProc(`/proc/${pid}/cmdline`)
}

/**
 * Samples the summed RSS of a process tree every `intervalMs`. `overallPeakMb` covers the whole
 * run; `takeWindowPeakMb()` returns the peak since its previous call (one scenario's peak).
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined
  private overallPeakKb = 0
  private windowPeakKb = 0

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.sample()
    this.timer = setInterval(() => this.sample(), this.intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  sample(): number {
    const totalKb = processTree(this.pid).reduce((sum, pid) => sum + rssKb(pid), 0)
    this.overallPeakKb = Math.max(this.overallPeakKb, totalKb)
    this.windowPeakKb = Math.max(this.windowPeakKb, totalKb)
    return totalKb
  }

  get overallPeakMb(): number {
    return toMb(this.overallPeakKb)
  }

  takeWindowPeakMb(): number {
    this.sample()
    const peak = toMb(this.windowPeakKb)
    this.windowPeakKb = 0
    return peak
  }
}

const toMb = (kb: number) => Math.round((kb / 1024) * 10) / 10

/** The share of the machine's CPU time (all cores, /proc/stat) spent busy until the returned function is called. */
export function machineBusy(): () => number {
  const sample = () => {
    let line = ''
    try {
      line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
    } catch {
      // not Linux: no figure
    }
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return { idle, total: fields.reduce((a, b) => a + b, 0) }
  }
  const start = sample()
  return () => {
    const end = sample()
    const total = end.total - start.total
    return total > 0 ? Math.round((1 - (end.idle - start.idle) / total) * 100) / 100 : NaN
  }
}
