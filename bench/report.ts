import type { ScenarioNumbers } from './load'

/**
 * Targets are ratios to the baseline measured in the same run (the machine is shared, so absolute
 * req/s drift) plus an absolute p99 at 10 connections. A scenario that answered with errors or
 * non-2xx statuses fails whatever its speed: a fast 404 proves nothing.
 */
export type Target = { minRatio: number; maxP99Ms: number }

export type ScenarioReport = ScenarioNumbers & {
  name: string
  path: string
  ratio: number | null
  target: Target | null
  pass: boolean | null
  failures: string[]
}

export function judge(
  name: string,
  path: string,
  numbers: ScenarioNumbers,
  baselineReqPerSec: number | null,
  target: Target | null,
): ScenarioReport {
  const ratio =
    baselineReqPerSec && baselineReqPerSec > 0
      ? Math.round((numbers.throughput.reqPerSec / baselineReqPerSec) * 1000) / 1000
      : null
  const failures: string[] = []
  const bad = badResponses(numbers)
  if (bad.errors > 0) failures.push(`${bad.errors} errors (${bad.timeouts} timeouts)`)
  if (bad.non2xx > 0) failures.push(`${bad.non2xx} non-2xx responses`)
  if (target) {
    if (ratio === null || ratio < target.minRatio) failures.push(`ratio ${ratio ?? '?'} < ${target.minRatio}`)
    if (numbers.latency.p99Ms > target.maxP99Ms)
      failures.push(`p99 ${numbers.latency.p99Ms} ms > ${target.maxP99Ms} ms`)
  }
  return { name, path, ...numbers, ratio, target, pass: target ? failures.length === 0 : null, failures }
}

/** Errors (timeouts included, as autocannon counts them) and non-2xx over both measured runs. */
export function badResponses(numbers: ScenarioNumbers) {
  const runs = [numbers.throughput, numbers.latency]
  const sum = (pick: (run: ScenarioNumbers['latency']) => number) =>
    runs.reduce((total, run) => total + pick(run), 0)
  return { errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), non2xx: sum((r) => r.non2xx) }
}

const describeTarget = (target: Target | null) =>
  target ? `ratio>=${target.minRatio}, p99<=${target.maxP99Ms}ms` : '(baseline)'

const verdict = (report: ScenarioReport) => (report.pass === null ? '-' : report.pass ? 'PASS' : 'FAIL')

export function renderTable(reports: ScenarioReport[]): string {
  const header = [
    'scenario',
    'req/s @50',
    'ratio',
    'p50 ms @10',
    'p99 ms @10',
    'errors/non-2xx',
    'target',
    'result',
  ]
  const rows = reports.map((report) => {
    const bad = badResponses(report)
    return [
      report.name,
      report.throughput.reqPerSec.toFixed(1),
      report.ratio === null ? '-' : report.ratio.toFixed(2),
      String(report.latency.p50Ms),
      String(report.latency.p99Ms),
      `${bad.errors}/${bad.non2xx}`,
      describeTarget(report.target),
      verdict(report),
    ]
  })
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)))
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** One line per failed target, saying why. */
export function renderFailures(reports: ScenarioReport[]): string[] {
  return reports.filter((r) => r.pass === false).map((r) => `FAIL ${r.name}: ${r.failures.join('; ')}`)
}
