import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback OpenAI-compatible server for `POST /v1/chat/completions`: it records every request
 * and answers as the test's plan says, a written page by default. Point the SDK at `baseUrl`.
 */
export type ChatRequest = {
  model: string
  messages: Array<{ role: string; content: string }>
  response_format?: unknown
}

export type Reply =
  | { kind: 'page'; paragraphs?: string[]; delayMs?: number }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'server-error' }
  | { kind: 'insufficient-quota' }
  | { kind: 'hang' }
  /** a 200 whose message is not a page */
  | { kind: 'malformed' }

export type Received = {
  at: number
  page: string
  body: ChatRequest
  reply: Reply['kind']
  /** the usage a page reply reported */
  usage?: { promptTokens: number; completionTokens: number }
}

/** The page title the writer was asked for (from the first user message's JSON data). */
export function pageTitleOf(body: ChatRequest): string {
  const data = body.messages.find((m) => m.role === 'user')?.content ?? ''
  try {
    return (JSON.parse(data.slice(data.indexOf('\n') + 1)) as { pageTitle?: string }).pageTitle ?? ''
  } catch {
    return ''
  }
}

export type OpenAiStandIn = {
  baseUrl: string
  received: Received[]
  /** Decides each reply from the request and how many earlier requests asked for that page. */
  plan: (decide: (request: ChatRequest, earlierForPage: number) => Reply) => void
  /** Most requests in flight at once since the last reset. */
  maxInFlight: () => number
  reset: () => void
  /** Prompt and completion tokens answered, summed over every page reply. */
  usageAnswered: () => { promptTokens: number; completionTokens: number }
  close: () => Promise<void>
}

export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
  const received: Received[] = []
  let decide: (request: ChatRequest, earlier: number) => Reply = () => ({ kind: 'page' })
  let inFlight = 0
  let peak = 0
  const usage = { promptTokens: 0, completionTokens: 0 }
  const hanging = new Set<http.ServerResponse>()

  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end()
        return
      }
      const body = JSON.parse(raw) as ChatRequest
      const page = pageTitleOf(body)
      const earlier = received.filter((r) => r.page === page).length
      const reply = decide(body, earlier)
      const record: Received = { at: Date.now(), page, body, reply: reply.kind }
      received.push(record)
      inFlight++
      peak = Math.max(peak, inFlight)
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        inFlight--
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value))
      }
      switch (reply.kind) {
        case 'page': {
          if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs))
          const answers = body.messages.find((m) => m.role === 'user')?.content ?? ''
          const paragraphs = reply.paragraphs ?? [`A page called ${page}.`, `Written from: ${answers}`]
          const promptTokens = 100 + received.length
          const completionTokens = 40 + (paragraphs.join(' ').length % 50)
          record.usage = { promptTokens, completionTokens }
          usage.promptTokens += promptTokens
          usage.completionTokens += completionTokens
          return json(200, {
            id: `chatcmpl-${received.length}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              {
                index: 0,
                finish_reason: 'stop',
                message: {
                  role: 'assistant',
                  content: JSON.stringify({ title: page, paragraphs }),
                  refusal: null,
                },
              },
            ],
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: completionTokens,
              total_tokens: promptTokens + completionTokens,
            },
          })
        }
        case 'rate-limited':
          return json(
            429,
            { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
            { 'retry-after': String(reply.retryAfterSeconds) },
          )
        case 'server-error':
          return json(500, {
            error: { message: 'The server had an error', type: 'server_error', code: null },
          })
        case 'insufficient-quota':
          return json(429, {
            error: {
              message: 'You exceeded your current quota',
              type: 'insufficient_quota',
              code: 'insufficient_quota',
            },
          })
        case 'malformed':
          return json(200, {
            id: 'chatcmpl-bad',
            object: 'chat.completion',
            created: 0,
            model: body.model,
            choices: [
              {
                index: 0,
                finish_reason: 'stop',
                message: { role: 'assistant', content: 'Here is your page: <b>not json', refusal: null },
              },
            ],
            usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
          })
        case 'hang':
          hanging.add(res)
          res.on('close', () => {
            hanging.delete(res)
            inFlight--
          })
          return
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    plan: (next) => {
      decide = next
    },
    maxInFlight: () => peak,
    reset: () => {
      received.length = 0
      peak = inFlight
      usage.promptTokens = 0
      usage.completionTokens = 0
    },
    usageAnswered: () => ({ ...usage }),
    close: async () => {
      for (const res of hanging) res.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
