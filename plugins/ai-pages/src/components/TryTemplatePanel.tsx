'use client'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { GenerationSummary, useGeneration } from './GenerateBookPanel'

type PageText = {
  id: number
  title?: string
  body?: { root?: { children?: Array<{ children?: Array<{ text?: string }> }> } }
}

const textOf = (page: PageText) =>
  (page.body?.root?.children ?? []).map((paragraph) =>
    (paragraph.children ?? []).map((n) => n.text ?? '').join(''),
  )

/**
 * On a template: "Try with sample answers" writes a throw-away book from the latest draft and
 * shows its pages here as they are written; "Discard" deletes it (the next try does too).
 */
export function TryTemplatePanel() {
  const { id } = useDocumentInfo()
  const kind = useFormFields(([fields]) => fields.kind?.value)
  const { config } = useConfig()
  const api = config.routes.api
  const [trialId, setTrialId] = useState<number | string | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const [pages, setPages] = useState<PageText[]>([])
  const { state } = useGeneration(trialId)
  const done = state?.pagesDone

  useEffect(() => {
    if (!trialId) return
    void fetch(`${api}/pages?where[book][equals]=${trialId}&sort=position&limit=100&depth=0`, {
      credentials: 'include',
    })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((json) => json && setPages(json.docs))
  }, [api, trialId, done])

  if (!id || kind === 'personal') return null

  const start = async () => {
    setBusy(true)
    setError(undefined)
    const response = await fetch(`${api}/books/${id}/try`, { method: 'POST', credentials: 'include' })
    const json = await response.json().catch(() => undefined)
    if (response.ok) setTrialId(json.book)
    else setError(json?.errors?.[0]?.message ?? `Refused (${response.status}).`)
    setBusy(false)
  }
  const discard = async () => {
    if (trialId) await fetch(`${api}/books/${trialId}`, { method: 'DELETE', credentials: 'include' })
    setTrialId(undefined)
    setPages([])
  }

  return (
    <div className="field-type ai-pages-try">
      <p className="field-description">Writes a throw-away book from this draft with made-up answers.</p>
      <Button
        buttonStyle="secondary"
        disabled={busy || state?.status === 'generating'}
        size="medium"
        onClick={start}
      >
        Try with sample answers
      </Button>
      {error && <p role="alert">{error}</p>}
      {state && <GenerationSummary state={state} />}
      {pages.map((page) => (
        <section key={page.id}>
          <h4>{page.title}</h4>
          {textOf(page).map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </section>
      ))}
      {trialId && (
        <Button buttonStyle="secondary" size="small" onClick={discard}>
          Discard the try-out
        </Button>
      )}
    </div>
  )
}
