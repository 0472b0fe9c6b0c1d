'use client'

import { Button, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'

import { useGeneration } from './GenerateBookPanel'

const MAX = 400

/** On a page: write it again, with an optional hint, and follow it until it is stored. */
export function RegeneratePageButton() {
  const { id } = useDocumentInfo()
  const locked = useFormFields(([fields]) => Boolean(fields.locked?.value))
  const book = useFormFields(([fields]) => fields.book?.value as number | { id: number } | undefined)
  const bookId = typeof book === 'object' && book ? book.id : book
  const { state, error, post } = useGeneration(bookId)
  const router = useRouter()
  const [hint, setHint] = useState('')
  const page = state?.pages.find((p) => String(p.id) === String(id))
  const status = page?.status
  useEffect(() => {
    if (status === 'done' || status === 'failed') router.refresh()
  }, [status, router])

  if (!id || locked || !page) return null
  const busy = page.status === 'queued' || page.status === 'running'
  return (
    <div className="field-type ai-pages-regenerate">
      <p role="status" aria-live="polite">
        {busy ? 'Being written…' : `Status: ${page.status}`}
        {page.writer ? ` · ${page.writer}` : ''}
      </p>
      {page.status === 'failed' && page.error && <p role="alert">{page.error}</p>}
      <label htmlFor="ai-pages-hint">Hint for the writer (optional)</label>
      <textarea
        id="ai-pages-hint"
        maxLength={MAX}
        rows={3}
        value={hint}
        onChange={(event) => setHint(event.target.value)}
        style={{ width: '100%' }}
      />
      <Button
        buttonStyle="secondary"
        disabled={busy || state?.status === 'generating'}
        size="medium"
        onClick={() => void post(`/pages/${id}/regenerate`, { instructions: hint || undefined })}
      >
        Regenerate
      </Button>
      {error && <p role="alert">{error}</p>}
    </div>
  )
}
