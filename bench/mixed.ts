import autocannon from 'autocannon'
import sharp from 'sharp'

import { answersFor } from '../test/helpers/fixtures'
import { THROUGHPUT_CONNECTIONS, type Durations } from './load'
import { machineBusy } from './processTree'

/**
 * The mixed scenario: anonymous readers of a template by id and of the catalogue at 50
 * connections, once alone (quiet) and once while signed-in customers personalise books and
 * upload photos at a steady pace. The server counts what answered the cacheable reads
 * (`/api/ready` → `publicCache`): the hit ratio is its own.
 */
export type MixedTarget = { minHitRatio: number; minReadRatio: number; maxP99Ms: number }
export const MIXED_TARGET: MixedTarget = { minHitRatio: 0.99, minReadRatio: 0.6, maxP99Ms: 40 }

type Counts = { hits: number; misses: number; coalesced: number }
type CustomerRates = {
  personalisedPerSec: number
  uploadedPerSec: number
  customerFailures: number
  failedStatuses: Record<string, number>
}
type ReadRun = {
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  errors: number
  non2xx: number
  hitRatio: number | null
  /** share of the machine's CPU (both cores) busy during the run */
  machineBusy: number
}

export type MixedReport = {
  readPaths: string[]
  quiet: ReadRun
  mixed: ReadRun & CustomerRates
  /** the customers' work alone (no readers): what share of the machine it keeps busy */
  customersAlone: CustomerRates & { machineBusy: number }
  readRatio: number
  target: MixedTarget
  pass: boolean
  failures: string[]
}

const counts = async (serverUrl: string): Promise<Counts> =>
  ((await (await fetch(`${serverUrl}/api/ready`)).json()) as { publicCache: Counts }).publicCache

async function readLoad(serverUrl: string, paths: string[], seconds: number): Promise<ReadRun> {
  const before = await counts(serverUrl)
  const busy = machineBusy()
  const result = await autocannon({
    url: serverUrl,
    connections: THROUGHPUT_CONNECTIONS,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  })
  const machine = busy()
  const after = await counts(serverUrl)
  const hits = after.hits - before.hits
  const misses = after.misses - before.misses
  return {
    reqPerSec: Math.round(result.requests.average * 10) / 10,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    hitRatio: hits + misses > 0 ? Math.round((hits / (hits + misses)) * 10_000) / 10_000 : null,
    machineBusy: machine,
  }
}

type Customer = {
  token: string
  template: {
    id: number
    questions: Array<{ key: string; type: string; options?: string[]; required?: boolean }>
  }
}

/** Signs the seed customer in and picks a published template with a photo question. */
async function prepareCustomer(
  serverUrl: string,
  email: string,
  password: string,
  templateId: number,
): Promise<Customer> {
  const login = await fetch(`${serverUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const { token } = (await login.json()) as { token: string }
  const template = (await (
    await fetch(`${serverUrl}/api/books/${templateId}?depth=0`)
  ).json()) as Customer['template']
  return { token, template }
}

/**
 * Customers at `perSecond` personalisations and `perSecond` uploads a second until `stop`: each
 * tick uploads a photo and makes a book with it. Returns what was done.
 */
function customerLoad(serverUrl: string, customer: Customer, perSecond: number) {
  const photo = sharp({
    create: { width: 1200, height: 900, channels: 3, background: { r: 180, g: 140, b: 110 } },
  })
    .jpeg({ quality: 85 })
    .toBuffer()
  const auth = { authorization: `JWT ${customer.token}` }
  let uploaded = 0
  let personalised = 0
  let failures = 0
  const failedStatuses: Record<string, number> = {}
  const fail = (what: string) => {
    failures++
    failedStatuses[what] = (failedStatuses[what] ?? 0) + 1
  }
  let running = true
  const inFlight = new Set<Promise<void>>()
  const tick = async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await photo)], { type: 'image/jpeg' }), 'holiday.jpg')
    form.append('_payload', JSON.stringify({ alt: 'a holiday' }))
    const upload = await fetch(`${serverUrl}/api/media`, { method: 'POST', headers: auth, body: form })
    if (upload.status !== 201) return fail(`upload ${upload.status}`)
    uploaded++
    const photoId = ((await upload.json()) as { doc: { id: number } }).doc.id
    const answers = answersFor(customer.template, { photo: photoId, date: '2024-06-01', text: 'Sam' })
    const book = await fetch(`${serverUrl}/api/books/personalize`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ template: customer.template.id, answers }),
    })
    if (book.status === 201) personalised++
    else fail(`personalize ${book.status}`)
  }
  const started = Date.now()
  const timer = setInterval(() => {
    if (!running) return
    const work = tick()
      .catch((err: Error) => fail(err.message))
      .finally(() => inFlight.delete(work))
    inFlight.add(work)
  }, 1000 / perSecond)
  return async (): Promise<CustomerRates> => {
    running = false
    clearInterval(timer)
    await Promise.all(inFlight)
    const seconds = (Date.now() - started) / 1000
    return {
      personalisedPerSec: Math.round((personalised / seconds) * 100) / 100,
      uploadedPerSec: Math.round((uploaded / seconds) * 100) / 100,
      customerFailures: failures,
      failedStatuses,
    }
  }
}

export async function measureMixed(options: {
  serverUrl: string
  readPaths: string[]
  templateId: number
  customer: { email: string; password: string }
  durations: Durations
  customerPerSecond: number
  say: (message: string) => void
}): Promise<MixedReport> {
  const { serverUrl, readPaths, durations, say } = options
  for (const path of readPaths) await fetch(`${serverUrl}${path}`).then((res) => res.arrayBuffer())
  if (durations.warmupSeconds > 0) await readLoad(serverUrl, readPaths, durations.warmupSeconds)
  say(`  quiet reads ${durations.runSeconds} s @ ${THROUGHPUT_CONNECTIONS} connections`)
  const quiet = await readLoad(serverUrl, readPaths, durations.runSeconds)
  say(`  reads while customers personalise and upload (${options.customerPerSecond}/s each)`)
  const customer = await prepareCustomer(
    serverUrl,
    options.customer.email,
    options.customer.password,
    options.templateId,
  )
  say(`  customers alone ${durations.runSeconds} s (what their work costs the machine)`)
  const busyAlone = machineBusy()
  const stopAlone = customerLoad(serverUrl, customer, options.customerPerSecond)
  await new Promise((resolve) => setTimeout(resolve, durations.runSeconds * 1000))
  const alone = await stopAlone()
  const customersAlone = { ...alone, machineBusy: busyAlone() }
  const stopCustomers = customerLoad(serverUrl, customer, options.customerPerSecond)
  const reads = await readLoad(serverUrl, readPaths, durations.runSeconds)
  const mixed = { ...reads, ...(await stopCustomers()) }
  const readRatio = quiet.reqPerSec > 0 ? Math.round((mixed.reqPerSec / quiet.reqPerSec) * 1000) / 1000 : 0
  const target = MIXED_TARGET
  const failures: string[] = []
  if (mixed.hitRatio === null || mixed.hitRatio < target.minHitRatio)
    failures.push(`hit ratio ${mixed.hitRatio} < ${target.minHitRatio}`)
  if (readRatio < target.minReadRatio)
    failures.push(`reads ${readRatio}× the quiet run < ${target.minReadRatio}×`)
  if (mixed.p99Ms > target.maxP99Ms) failures.push(`p99 ${mixed.p99Ms} ms > ${target.maxP99Ms} ms`)
  if (mixed.errors + mixed.non2xx + quiet.errors + quiet.non2xx > 0)
    failures.push('reads answered with errors or non-2xx')
  if (mixed.customerFailures > 0) {
    failures.push(
      `${mixed.customerFailures} customer requests failed (${JSON.stringify(mixed.failedStatuses)})`,
    )
  }
  return { readPaths, quiet, mixed, customersAlone, readRatio, target, pass: failures.length === 0, failures }
}

export function renderMixed(report: MixedReport): string {
  const { quiet, mixed, customersAlone } = report
  return [
    `mixed: reads ${report.readPaths.join(' + ')} @${THROUGHPUT_CONNECTIONS}`,
    `  quiet:     ${quiet.reqPerSec} req/s, p50 ${quiet.p50Ms} ms, p99 ${quiet.p99Ms} ms, hit ratio ${quiet.hitRatio}, machine ${Math.round(quiet.machineBusy * 100)}% busy`,
    `  customers alone: ${customersAlone.personalisedPerSec} books/s and ${customersAlone.uploadedPerSec} photos/s keep the machine ${Math.round(customersAlone.machineBusy * 100)}% busy`,
    `  customers: ${mixed.reqPerSec} req/s (${report.readRatio}× quiet), p50 ${mixed.p50Ms} ms, p99 ${mixed.p99Ms} ms, hit ratio ${mixed.hitRatio}, machine ${Math.round(mixed.machineBusy * 100)}% busy; ` +
      `${mixed.personalisedPerSec} books/s and ${mixed.uploadedPerSec} photos/s, ${mixed.customerFailures} failed`,
    `  target: hit ratio >= ${report.target.minHitRatio}, reads >= ${report.target.minReadRatio}× quiet, p99 <= ${report.target.maxP99Ms} ms: ${report.pass ? 'PASS' : `FAIL (${report.failures.join('; ')})`}`,
  ].join('\n')
}
