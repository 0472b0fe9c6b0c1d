'use client'

import { Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

/**
 * On an order (staff): the state machine's next steps as buttons. The endpoint decides what is
 * allowed (a wrong move is a 409 shown here); a plain save never moves the status.
 */
export function OrderActions() {
  const { id } = useDocumentInfo()
  const status = useFormFields(([fields]) => fields.status?.value as string | undefined)
  const { config } = useConfig()
  const router = useRouter()
  const [tracking, setTracking] = useState('')
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string } | undefined>()
  const [busy, setBusy] = useState(false)
  if (!id || !status) return null

  const act = async (body: Record<string, unknown>, done: string) => {
    setBusy(true)
    setMessage(undefined)
    const response = await fetch(`${config.routes.api}/orders/${id}/actions`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const json = await response.json().catch(() => undefined)
    setBusy(false)
    if (!response.ok) {
      setMessage({ kind: 'alert', text: json?.errors?.[0]?.message ?? `Refused (${response.status}).` })
      return
    }
    setMessage({ kind: 'status', text: done })
    router.refresh()
  }

  return (
    <div className="field-type order-actions">
      <p className="field-description">Status: {status.replace('_', ' ')}</p>
      {status === 'paid' && (
        <Button
          buttonStyle="secondary"
          disabled={busy}
          size="medium"
          onClick={() => act({ action: 'in_production' }, 'Marked in production.')}
        >
          Mark in production
        </Button>
      )}
      {status === 'in_production' && (
        <>
          <label htmlFor="order-tracking">Carrier tracking number</label>
          <input
            id="order-tracking"
            value={tracking}
            maxLength={100}
            onChange={(event) => setTracking(event.target.value)}
          />
          <Button
            buttonStyle="secondary"
            disabled={busy || !tracking.trim()}
            size="medium"
            onClick={() =>
              act(
                { action: 'shipped', trackingNumber: tracking.trim() },
                'Marked shipped; the customer is emailed.',
              )
            }
          >
            Mark shipped
          </Button>
        </>
      )}
      {['paid', 'in_production', 'shipped'].includes(status) && (
        <Button
          buttonStyle="secondary"
          disabled={busy}
          size="medium"
          onClick={() => {
            if (window.confirm('Refund the whole remaining amount on Stripe?')) {
              void act(
                { action: 'refund' },
                'Refund sent to Stripe; the order turns refunded when Stripe confirms it.',
              )
            }
          }}
        >
          Refund
        </Button>
      )}
      {message && <p role={message.kind}>{message.text}</p>}
    </div>
  )
}
