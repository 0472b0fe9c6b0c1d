'use client'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useState } from 'react'

import type { GenerationState } from '../utilities/generationState'

const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(4)}`

/** Follows a book's generation: one read, then its Server-Sent Events while it is generating. */
export function useGeneration(bookId: number | string | undefined) {
  const { config } = useConfig()
  const api = config.routes.api
  const [state, setState] = useState<GenerationState | undefined>()
  const [error, setError] = useState<string | undefined>()

  const read = useCallback(async () => {
    if (!bookId) return
    const response = await fetch(`${api}/books/${bookId}/generation`, { credentials: 'include' })
    if (response.ok) setState((await response.json()) as GenerationState)
  }, [api, bookId])

  useEffect(() => {
    void read()
  }, [read])

  const generating = state?.status === 'generating'
  useEffect(() => {
    if (!bookId || !generating) return
    const events = new EventSource(`${api}/books/${bookId}/generation/stream`, { withCredentials: true })
    events.addEventListener('state', (event) => setState(JSON.parse((event as MessageEvent).data)))
    return () => events.close()
  }, [api, bookId, generating])

  const post = async (path: string, body?: unknown) => {
    setError(undefined)
    const response = await fetch(`${api}${path}`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    })
    const json = (await response.json().catch(() => undefined)) as
      (GenerationState & { errors?: Array<{ message?: string }> }) | undefined
    if (!response.ok) {
      setError(json?.errors?.[0]?.message ?? `Refused (${response.status}).`)
      return false
    }
    if (json) setState(json)
    return true
  }
  return { state, error, post, read }
}

export function GenerationSummary({ state }: { state: GenerationState }) {
  const failed = state.pages.filter((page) => page.status === 'failed')
  return (
    <div>
      <p role="status" aria-live="polite">
        <strong>{state.status === 'generating' ? 'Writing…' : state.status}</strong> · {state.pagesDone} of{' '}
        {state.pagesTotal} pages written{state.pagesFailed ? ` · ${state.pagesFailed} failed` : ''}
      </p>
      <progress max={state.pagesTotal || 1} value={state.pagesDone} style={{ width: '100%' }} />
      <p className="field-description">
        Writer: {state.writer.label} · {state.usage.promptTokens + state.usage.completionTokens} tokens ·{' '}
        {dollars(state.usage.costMicros)} · regenerations {state.regenerations.used}/
        {state.regenerations.budget}
      </p>
      {failed.length > 0 && (
        <ul>
          {failed.map((page) => (
            <li key={page.id}>
              Page {page.position + 1} ({page.title}): {page.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** On a personal book: its generation state, live, and a "Generate pages" button. */
export function GenerateBookPanel() {
  const { id } = useDocumentInfo()
  const kind = useFormFields(([fields]) => fields.kind?.value)
  const router = useRouter()
  const { state, error, post } = useGeneration(id)
  const [busy, setBusy] = useState(false)
  const status = state?.status
  useEffect(() => {
    if (status === 'ready') router.refresh()
  }, [status, router])

  if (!id || kind === 'template' || !state) return null
  const canGenerate =
    state.status !== 'generating' && state.pages.some((p) => p.status === 'pending' || p.status === 'failed')
  return (
    <div className="field-type ai-pages-generation">
      <GenerationSummary state={state} />
      {canGenerate && (
        <Button
          buttonStyle="secondary"
          disabled={busy}
          size="medium"
          onClick={async () => {
            setBusy(true)
            await post(`/books/${id}/generate`)
            setBusy(false)
          }}
        >
          {state.pagesFailed ? 'Retry failed pages' : 'Generate pages'}
        </Button>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  )
}
