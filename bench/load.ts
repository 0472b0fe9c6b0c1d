import autocannon, { type Result } from 'autocannon'

/**
 * One scenario = warm-up (discarded), a throughput run at 50 connections and a latency run at 10
 * connections. Two separate runs because 50 connections on 2 cores measure queueing, not service
 * time: p50/p99 come from the lighter run.
 */
export const THROUGHPUT_CONNECTIONS = 50
export const LATENCY_CONNECTIONS = 10

export type Durations = { warmupSeconds: number; runSeconds: number }

export type Probe = {
  status: number
  bytes: number
  /** x-cache header of a second request: HIT when the public read cache answered */
  cache: string | null
  /** what the response says about itself (e.g. totalDocs of a list), to spot a wrong URL */
  summary: string
}

export type RunNumbers = {
  connections: number
  seconds: number
  reqPerSec: number
  totalRequests: number
  latencyAvgMs: number
  p50Ms: number
  p90Ms: number
  p97_5Ms: number
  p99Ms: number
  maxMs: number
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
}

export type ScenarioNumbers = {
  probe: Probe
  throughput: RunNumbers
  latency: RunNumbers
  peakRssMb: number
}

function numbers(result: Result, connections: number): RunNumbers {
  return {
    connections,
    seconds: result.duration,
    reqPerSec: Math.round(result.requests.average * 10) / 10,
    totalRequests: result.requests.total,
    latencyAvgMs: result.latency.average,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
    ),
  }
}

/**
 * How a scenario's request is sent: a GET by default, or e.g. a JSON POST (login). `next` makes
 * every request its own (a new Stripe event, freshly signed): it is called for each one sent.
 */
export type RequestShape = {
  method?: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
  next?: () => { body: string; headers: Record<string, string> }
}

async function load(
  url: string,
  connections: number,
  seconds: number,
  request: RequestShape = {},
): Promise<Result> {
  const { next, ...fixed } = request
  if (!next) return autocannon({ url, connections, duration: seconds, ...fixed })
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: fixed.method ?? 'POST', setupRequest: (sent) => ({ ...sent, ...next() }) }],
  })
}

function describeBody(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>
    if (Array.isArray(json.docs)) return `docs=${json.docs.length} totalDocs=${String(json.totalDocs)}`
    if ('id' in json) return `id=${String(json.id)}`
    if ('token' in json) return 'token'
    return Object.keys(json).slice(0, 5).join(',')
  } catch {
    return body.slice(0, 80)
  }
}

/** One request to check the URL answers as expected, then a second one to see whether the cache serves it. */
export async function probe(url: string, request: RequestShape = {}): Promise<Probe> {
  const one = () => {
    const { next, ...fixed } = request
    return fetch(url, next ? { ...fixed, method: fixed.method ?? 'POST', ...next() } : fixed)
  }
  const first = await one()
  const body = await first.text()
  const second = await one()
  await second.arrayBuffer()
  return {
    status: first.status,
    bytes: Buffer.byteLength(body),
    cache: second.headers.get('x-cache'),
    summary: describeBody(body),
  }
}

export async function measureScenario(
  url: string,
  durations: Durations,
  onPhase: (phase: string) => void,
  request: RequestShape = {},
): Promise<Omit<ScenarioNumbers, 'peakRssMb'>> {
  const checked = await probe(url, request)
  onPhase(
    `probe: HTTP ${checked.status}, ${checked.bytes} bytes, ${checked.summary}, x-cache ${checked.cache ?? '-'}`,
  )
  if (durations.warmupSeconds > 0) {
    onPhase(`warm-up ${durations.warmupSeconds} s`)
    // JIT, connection pools and caches fill here; the numbers are thrown away
    await load(url, THROUGHPUT_CONNECTIONS, durations.warmupSeconds, request)
  }
  onPhase(`throughput ${durations.runSeconds} s @ ${THROUGHPUT_CONNECTIONS} connections`)
  const throughput = numbers(
    await load(url, THROUGHPUT_CONNECTIONS, durations.runSeconds, request),
    THROUGHPUT_CONNECTIONS,
  )
  onPhase(`latency ${durations.runSeconds} s @ ${LATENCY_CONNECTIONS} connections`)
  const latency = numbers(
    await load(url, LATENCY_CONNECTIONS, durations.runSeconds, request),
    LATENCY_CONNECTIONS,
  )
  return { probe: checked, throughput, latency }
}
