/**
 * The part of autocannon 8's API the benchmark uses (the package ships no types). Percentile
 * fields follow hdr-histogram-percentiles-obj: p50, p90, p97_5, p99, p99_9, ...
 */
declare module 'autocannon' {
  export interface RequestParams {
    method?: string
    path?: string
    body?: string
    headers?: Record<string, string>
  }

  export interface Options {
    url: string
    connections?: number
    /** seconds */
    duration?: number
    pipelining?: number
    /** seconds before a request counts as a timeout */
    timeout?: number
    headers?: Record<string, string>
    title?: string
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    body?: string
    /** each connection sends these in turn, then starts over */
    requests?: Array<{
      method?: string
      path?: string
      body?: string
      headers?: Record<string, string>
      /** called before each request is sent; returns the request to send */
      setupRequest?: (request: RequestParams) => RequestParams
    }>
  }

  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    p99_9: number
  }

  export interface Result {
    url: string
    connections: number
    /** seconds */
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    resets: number
    mismatches: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
    /** per-second samples: `average` is req/s; `sent` is the number of requests sent */
    requests: Histogram & { sent: number }
    /** milliseconds */
    latency: Histogram & { totalCount: number }
    /** bytes per second */
    throughput: Histogram
  }

  /** Without a callback autocannon returns an EventEmitter that is also a promise of the result. */
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
