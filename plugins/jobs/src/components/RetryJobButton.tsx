'use client'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'error'; message: string }

/**
 * Sidebar of a job in the admin: a failed job can be sent back to the queue with fresh attempts
 * (POST /api/payload-jobs/:id/retry, admins only; the endpoint decides, this only asks).
 */
export function RetryJobButton() {
  const { id } = useDocumentInfo()
  const failed = useFormFields(([fields]) => Boolean(fields.hasError?.value))
  const completed = useFormFields(([fields]) => Boolean(fields.completedAt?.value))
  const { config } = useConfig()
  const router = useRouter()
  const [state, setState] = useState<State>({ kind: 'idle' })

  if (!id || completed || (!failed && state.kind !== 'done')) return null

  const retry = async () => {
    setState({ kind: 'busy' })
    try {
      // a path: the admin may be open on another host name than serverURL
      const response = await fetch(`${config.routes.api}/payload-jobs/${id}/retry`, {
        method: 'POST',
        credentials: 'include',
      })
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as
          { errors?: Array<{ message?: string }> } | undefined
        throw new Error(body?.errors?.[0]?.message ?? `The retry was refused (${response.status}).`)
      }
      setState({ kind: 'done' })
      router.refresh()
    } catch (err) {
      setState({ kind: 'error', message: (err as Error).message })
    }
  }

  return (
    <div className="field-type retry-job">
      {state.kind === 'done' ? (
        <p role="status">Queued again with fresh attempts; a worker will pick it up.</p>
      ) : (
        <>
          <Button buttonStyle="secondary" disabled={state.kind === 'busy'} onClick={retry} size="medium">
            {state.kind === 'busy' ? 'Retrying…' : 'Retry this job'}
          </Button>
          <p className="field-description">Sends the failed job back to the queue with fresh attempts.</p>
          {state.kind === 'error' && <p role="alert">{state.message}</p>}
        </>
      )}
    </div>
  )
}
