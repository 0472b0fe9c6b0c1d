import { commitTransaction, initTransaction, killTransaction, type Endpoint } from 'payload'
import { z } from 'zod'

import { queueJob } from '@memory-maker/payload-jobs'

import { REFUND_TASK, type CheckoutContext } from '../utilities/context'
import { BadRequest, Conflict, NotFound, Unauthorized } from '../utilities/errors'
import { addTimelineRow, moveOrder } from '../utilities/orderMachine'
import { lockOrder, recordPaymentFacts } from '../utilities/ordersTable'

const bodySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('in_production') }),
  z.object({ action: z.literal('shipped'), trackingNumber: z.string().trim().min(1).max(100) }),
  z.object({ action: z.literal('refund'), amount: z.number().int().positive().optional() }),
])

/**
 * POST /api/orders/:id/actions (staff): `{action: 'in_production'}`, `{action: 'shipped',
 * trackingNumber}` (emails the customer) or `{action: 'refund', amount?}` (a Stripe refund with
 * an idempotency key, run by the worker; the order turns refunded when Stripe's webhook confirms
 * it). Each goes through the state machine; an illegal move is a 409 naming the order's status.
 */
export const orderActionsEndpoint = (context: CheckoutContext): Endpoint => ({
  path: '/:id/actions',
  method: 'post',
  handler: async (req) => {
    if (!req.user) throw new Unauthorized('Sign in as staff.')
    const raw = String(req.routeParams?.id ?? '')
    if (!context.isStaff(req) || !/^[1-9]\d{0,9}$/.test(raw)) throw new NotFound()
    const orderId = Number(raw)
    let json: unknown
    try {
      json = JSON.parse((await req.text?.()) || '{}')
    } catch {
      throw new BadRequest('The body is not valid JSON.')
    }
    const parsed = bodySchema.safeParse(json)
    if (!parsed.success) {
      throw new BadRequest('The action is not valid.', {
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || 'action',
          message: issue.message,
        })),
      })
    }
    const body = parsed.data
    // customers read the timeline: staff appear by role, the user relation says who (for staff)
    const by = { actor: 'staff', user: req.user.id }
    const ownTransaction = await initTransaction(req)
    try {
      const order = await lockOrder(req, context.slugs, orderId)
      if (!order) throw new NotFound()
      const refuse = (what: string) =>
        new Conflict(`${what} (this order is ${order.status.replace('_', ' ')}).`, { status: order.status })
      if (body.action === 'in_production') {
        if (!(await moveOrder(req, context, orderId, 'in_production', by)))
          throw refuse('Only a paid order goes into production')
      } else if (body.action === 'shipped') {
        if (order.status !== 'in_production') throw refuse('Only an order in production can be shipped')
        await recordPaymentFacts(req, context.slugs, orderId, { trackingNumber: body.trackingNumber })
        await moveOrder(req, context, orderId, 'shipped', {
          ...by,
          note: `Tracking number ${body.trackingNumber}`,
        })
      } else {
        if (!['paid', 'in_production', 'shipped'].includes(order.status))
          throw refuse('Only a paid order can be refunded')
        if (!order.paymentIntentId) throw refuse('Stripe has not reported this payment yet')
        // refunds asked for but not yet confirmed by Stripe count too: two clicks never refund twice
        const left = order.total - Math.max(order.refundedAmount, order.refundsRequested)
        const amount = body.amount ?? left
        if (amount > left) throw new BadRequest(`At most ${left} (minor units) is left to refund.`)
        await addTimelineRow(req, orderId, { ...by, type: 'refund_requested', amount })
        await queueJob(req, {
          task: REFUND_TASK,
          input: {
            orderId,
            paymentIntentId: order.paymentIntentId,
            amount,
            // the order's checkout key is a UUID: unique even across databases sharing one Stripe account
            idempotencyKey: `refund/${order.checkoutKey ?? orderId}/${order.refundRequests + 1}`,
          },
        } as never)
      }
      if (ownTransaction) await commitTransaction(req)
    } catch (err) {
      if (ownTransaction) await killTransaction(req)
      throw err
    }
    const order = await req.payload.findByID({
      collection: context.slugs.orders as 'orders',
      id: orderId,
      depth: 0,
      overrideAccess: true,
    })
    return Response.json({ doc: order }, { status: body.action === 'refund' ? 202 : 200 })
  },
})
