import type { PageRequest } from '../prompts/pageRequest'

export type WrittenPage = {
  title: string
  paragraphs: string[]
  usage: { promptTokens: number; completionTokens: number }
}

/**
 * A writer of pages. It throws the jobs plugin's `RetryAfterError` (the provider asked to wait),
 * `FailNowError` (retrying cannot help) or `MalformedOutputError`; anything else is retried with
 * the task's backoff.
 */
export interface PageWriter {
  /** `openai` or `offline`, stored on the page. */
  provider: string
  model: string
  /** How the admin, the API and the storefront name it. */
  label: string
  write(request: PageRequest): Promise<WrittenPage>
}
