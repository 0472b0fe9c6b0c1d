import { FailNowError, RetryAfterError } from '@memory-maker/payload-jobs'
import OpenAI, { APIConnectionError, APIError } from 'openai'

import { pageMessages } from '../prompts/pageRequest'
import { PAGE_JSON_SCHEMA, parsePageOutput, MalformedOutputError } from '../utilities/pageOutput'
import type { PageWriter } from './types'

/** Without a usable Retry-After, wait this long after a 429. */
const DEFAULT_RETRY_AFTER_MS = 5_000
const MAX_COMPLETION_TOKENS = 1_200
const MAX_RETRY_AFTER_MS = 10 * 60_000

/** `retry-after-ms` (OpenAI's), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number {
  const ms = Number(headers?.get('retry-after-ms'))
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, MAX_RETRY_AFTER_MS)
  const value = headers?.get('retry-after')
  if (value) {
    const seconds = Number(value)
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
    const date = Date.parse(value)
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS)
  }
  return DEFAULT_RETRY_AFTER_MS
}

/** The OpenAI SDK (or any compatible server) with structured output; the jobs retry, never the SDK. */
export function openAiWriter(options: {
  apiKey: string
  baseUrl?: string
  model: string
  timeoutMs: number
}): PageWriter {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    maxRetries: 0,
  })
  return {
    provider: 'openai',
    model: options.model,
    label: `OpenAI ${options.model}`,
    async write(request) {
      let completion: OpenAI.Chat.Completions.ChatCompletion
      try {
        completion = await client.chat.completions.create({
          model: options.model,
          messages: pageMessages(request),
          response_format: { type: 'json_schema', json_schema: PAGE_JSON_SCHEMA },
          // a page is at most a few hundred words: a reply past this is cut off, not paid for
          max_completion_tokens: MAX_COMPLETION_TOKENS,
        })
      } catch (err) {
        throw classify(err)
      }
      const choice = completion.choices?.[0]
      if (choice?.message?.refusal)
        throw new FailNowError(`The writer refused this page: ${choice.message.refusal}`)
      const page = parsePageOutput(choice?.message?.content)
      return {
        ...page,
        usage: {
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
        },
      }
    },
  }
}

/**
 * The provider's own words go to the log, never onto the page (customers read `generation.error`,
 * and a provider's message can quote the key's last characters).
 */
export const PROVIDER_DETAIL = Symbol.for('memory-maker.ai-pages.providerDetail')
function withDetail<E extends Error>(error: E, detail: string): E {
  return Object.assign(error, { [PROVIDER_DETAIL]: detail })
}

/** How a provider error is retried: after its Retry-After, never, or with the task's backoff. */
function classify(err: unknown): Error {
  if (err instanceof APIError && !(err instanceof APIConnectionError)) {
    const code = err.code ?? (err.error as { code?: string } | undefined)?.code
    if (code === 'insufficient_quota') {
      return new FailNowError(
        'The AI provider’s quota is used up (insufficient_quota): add credit, then retry the page.',
      )
    }
    if (err.status === 429) {
      return new RetryAfterError(
        'The AI provider is rate limiting: waiting as it asked.',
        retryAfterMs(err.headers),
      )
    }
    // a request the provider will refuse again (bad request, key, model, size, billing)
    const status = err.status ?? 0
    if (status >= 400 && status < 500 && status !== 408 && status !== 409) {
      return withDetail(new FailNowError(`The AI provider refused the request (${status}).`), err.message)
    }
    return withDetail(new Error(`The AI provider failed (${err.status ?? 'no status'}).`), err.message)
  }
  // a 200 whose body is not JSON surfaces from the SDK as a parse error
  if (err instanceof SyntaxError) return new MalformedOutputError('The writer’s reply was not valid JSON.')
  if (err instanceof Error) return err
  return new Error(String(err))
}
