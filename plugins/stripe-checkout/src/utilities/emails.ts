import type { CheckoutContext } from './context'
import { statusUrl } from './statusToken'

type Order = {
  id: number | string
  orderNumber?: string | null
  email?: string | null
  currency?: string | null
  total?: number | null
  trackingNumber?: string | null
  stripe?: { idempotencyKey?: string | null } | null
  items?: Array<{
    title?: string | null
    format?: string | null
    quantity?: number | null
    unitAmount?: number | null
  }> | null
}

const money = (minor: number | null | undefined, currency: string | null | undefined) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: (currency ?? 'usd').toUpperCase() }).format(
    (minor ?? 0) / 100,
  )

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

function body(context: CheckoutContext, order: Order, opening: string) {
  const link = statusUrl(context, order)
  const lines = (order.items ?? []).map(
    (item) =>
      `${item.quantity ?? 1} × ${item.title ?? 'Book'} (${item.format}) — ${money((item.unitAmount ?? 0) * (item.quantity ?? 1), order.currency)}`,
  )
  const total = `Total: ${money(order.total, order.currency)}`
  const text = [
    opening,
    '',
    ...lines,
    total,
    '',
    `Follow your order: ${link}`,
    '',
    `— ${context.shopName}`,
  ].join('\n')
  const html = `<!doctype html><html><body style="font-family:Georgia,serif;color:#2b2622;max-width:560px;margin:auto">
<p>${escape(opening)}</p>
<ul>${lines.map((line) => `<li>${escape(line)}</li>`).join('')}</ul>
<p><strong>${escape(total)}</strong></p>
<p><a href="${escape(link)}">Follow your order</a></p>
<p>— ${escape(context.shopName)}</p>
</body></html>`
  return { text, html }
}

/** The one confirmation of a paid order (its key makes every retry the same message). */
export function confirmationEmail(context: CheckoutContext, order: Order) {
  if (!order.email) return undefined
  return {
    to: order.email,
    subject: `Thank you! Order ${order.orderNumber} is paid`,
    idempotencyKey: `order-confirmation/${order.id}`,
    ...body(
      context,
      order,
      `Thank you for your order ${order.orderNumber}. Your payment has arrived and we are getting your book ready.`,
    ),
  }
}

export function shippedEmail(context: CheckoutContext, order: Order) {
  if (!order.email) return undefined
  const tracking = order.trackingNumber ? ` Tracking number: ${order.trackingNumber}.` : ''
  return {
    to: order.email,
    subject: `Order ${order.orderNumber} is on its way`,
    idempotencyKey: `order-shipped/${order.id}`,
    ...body(context, order, `Your order ${order.orderNumber} has shipped.${tracking}`),
  }
}
