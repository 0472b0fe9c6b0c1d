import { randomUUID } from 'node:crypto'

import {
  APIError,
  commitTransaction,
  initTransaction,
  killTransaction,
  type Endpoint,
  type PayloadRequest,
} from 'payload'
import { z } from 'zod'

import type { CheckoutContext } from '../utilities/context'
import { BadGateway, BadRequest, Conflict, NotFound, Unauthorized } from '../utilities/errors'
import { addTimelineRow, moveOrder } from '../utilities/orderMachine'
import { lockBooks, orderCommitted, recordCheckoutSession } from '../utilities/ordersTable'
import { statusToken, statusUrl, tokenHash } from '../utilities/statusToken'

type Book = {
  id: number
  title?: string
  owner?: unknown
  status?: string
  template?: unknown
  orderFrozen?: boolean
}
type Template = {
  id: number
  slug?: string
  title?: string
  prices?: Record<string, unknown> & { currency?: string }
}

const idOf = (value: unknown) =>
  value && typeof value === 'object' && 'id' in value ? (value as { id: unknown }).id : value

async function readItems(req: PayloadRequest, context: CheckoutContext) {
  const schema = z.object({
    items: z
      .array(
        z.object({
          book: z.union([
            z.number().int().positive(),
            z
              .string()
              .regex(/^\d{1,10}$/)
              .transform(Number),
          ]),
          format: z.enum(context.formats as [string, ...string[]]),
          quantity: z.number().int().min(1).max(context.maxQuantity).default(1),
        }),
      )
      .min(1)
      .max(10),
  })
  let json: unknown
  try {
    json = JSON.parse((await req.text?.()) || '{}')
  } catch {
    throw new BadRequest('The body is not valid JSON.')
  }
  // anything price-like in the body is dropped here: prices come only from the CMS
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    throw new BadRequest('The order is not valid.', {
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || 'body',
        message: issue.message,
      })),
    })
  }
  return parsed.data.items
}

/**
 * POST /api/checkout {items: [{book, format, quantity}]}: a pending order priced from the books'
 * templates, then a Stripe Checkout Session for it. 401 signed out, 400 bad items or a format
 * without a price (named), 404 a book that is not the caller's, 409 a book that is not ready,
 * 502 when Stripe cannot be reached (the order is cancelled, nothing is charged).
 */
export const checkoutEndpoint = (context: CheckoutContext): Endpoint => ({
  path: '/checkout',
  method: 'post',
  handler: async (req) => {
    const user = req.user
    if (!user) throw new Unauthorized('Sign in to order.')
    const items = await readItems(req, context)
    await context.rateLimit?.(req)

    const lines: Array<{
      book: number
      format: string
      quantity: number
      unitAmount: number
      title: string
    }> = []
    let currency: string | undefined
    for (const [index, item] of items.entries()) {
      const book = (await req.payload
        .findByID({
          collection: context.slugs.books as 'books',
          id: item.book,
          depth: 0,
          overrideAccess: true,
          // only what pricing needs: a book's arrays are many joins
          select: { title: true, owner: true, status: true, template: true, orderFrozen: true } as never,
          req,
          disableErrors: true,
        })
        .catch(() => null)) as Book | null
      if (!book || String(idOf(book.owner)) !== String(user.id))
        throw new NotFound(`Book ${item.book} was not found.`)
      if (book.status !== 'ready')
        throw new Conflict(`"${book.title}" is not ready to order yet: let its pages finish first.`)
      const template = (await req.payload
        .findByID({
          collection: context.slugs.books as 'books',
          id: idOf(book.template) as number,
          depth: 0,
          overrideAccess: true,
          select: { slug: true, title: true, prices: true } as never,
          req,
          disableErrors: true,
        })
        .catch(() => null)) as Template | null
      const price = template?.prices?.[item.format]
      if (typeof price !== 'number' || !Number.isInteger(price) || price <= 0) {
        throw new BadRequest(
          `Template '${template?.slug ?? template?.title ?? 'unknown'}' has no price for format '${item.format}'.`,
          {
            errors: [{ path: `items.${index}.format`, message: `No price for format '${item.format}'.` }],
          },
        )
      }
      const lineCurrency = String(template?.prices?.currency ?? 'usd')
      if (currency && currency !== lineCurrency)
        throw new BadRequest('Books priced in different currencies cannot be ordered together.')
      currency = lineCurrency
      lines.push({
        book: book.id,
        format: item.format,
        quantity: item.quantity,
        unitAmount: price,
        title: book.title ?? 'Book',
      })
    }
    const total = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0)
    const idempotencyKey = `checkout/${randomUUID()}`

    // the pending order, its timeline row and the books' freeze commit together
    const ownTransaction = await initTransaction(req)
    let order: { id: number; orderNumber: string }
    try {
      // the books' freeze held (shared), then checked again: a release of one waits for this order
      const books = await lockBooks(
        req,
        context.slugs,
        lines.map((line) => line.book),
        'shared',
      )
      for (const book of books) {
        if (String(book.owner) !== String(user.id)) throw new NotFound(`Book ${book.id} was not found.`)
        if (book.status !== 'ready')
          throw new Conflict('A book changed while ordering: it is not ready any more.')
      }
      order = (await req.payload.create({
        collection: context.slugs.orders as 'orders',
        data: {
          customer: user.id,
          email: (user as { email?: string }).email,
          status: 'pending',
          items: lines,
          currency,
          subtotal: total,
          total,
          stripe: { idempotencyKey },
          accessTokenHash: tokenHash(statusToken(context, idempotencyKey)),
        } as never,
        depth: 0,
        overrideAccess: true,
        req,
      })) as unknown as { id: number; orderNumber: string }
      for (const bookId of books.filter((book) => !book.orderFrozen).map((book) => book.id)) {
        await req.payload.update({
          collection: context.slugs.books as 'books',
          id: bookId,
          data: { orderFrozen: true } as never,
          depth: 0,
          overrideAccess: true,
          req,
        })
      }
      await addTimelineRow(req, order.id, {
        actor: 'customer',
        user: user.id,
        type: 'created',
        toStatus: 'pending',
      })
      if (ownTransaction) await commitTransaction(req)
    } catch (err) {
      if (ownTransaction) await killTransaction(req)
      throw err
    }
    // Payload's commit does not report a failure: no payment for an order that was not kept
    if (!(await orderCommitted(req, context.slugs, order.id))) {
      throw new APIError('The order could not be saved. Nothing was charged; please try again.', 503)
    }

    // never inside the transaction: a slow Stripe must not hold a database connection
    const shipped = lines.some((line) => context.shippedFormats.includes(line.format))
    let url: string | null
    try {
      const session = await context.stripe().checkout.sessions.create(
        {
          mode: 'payment',
          line_items: lines.map((line) => ({
            quantity: line.quantity,
            price_data: {
              currency: currency!,
              unit_amount: line.unitAmount,
              product_data: { name: `${line.title} (${line.format})` },
            },
          })),
          client_reference_id: String(order.id),
          customer_email: (user as { email?: string }).email,
          metadata: { orderId: String(order.id), orderNumber: order.orderNumber },
          payment_intent_data: { metadata: { orderId: String(order.id), orderNumber: order.orderNumber } },
          ...(shipped
            ? {
                shipping_address_collection: {
                  allowed_countries: context.shippingCountries as Array<'US'>,
                },
              }
            : {}),
          success_url: `${statusUrl(context, { id: order.id, stripe: { idempotencyKey } })}&checkout=success`,
          cancel_url: `${context.storefrontUrl.replace(/\/$/, '')}/checkout?cancelled=${order.id}`,
          expires_at: Math.floor(Date.now() / 1000) + context.sessionMinutes * 60,
        },
        { idempotencyKey },
      )
      await recordCheckoutSession(req, context.slugs, order.id, session.id)
      url = session.url
    } catch (err) {
      req.payload.logger.error({
        err,
        orderId: order.id,
        msg: 'stripe-checkout: the Checkout Session was not created',
      })
      const failed = await initTransaction(req)
      try {
        await addTimelineRow(req, order.id, {
          actor: 'system',
          type: 'checkout_failed',
          note: 'Stripe could not be reached.',
        })
        await moveOrder(req, context, order.id, 'cancelled', { actor: 'system' })
        if (failed) await commitTransaction(req)
      } catch (inner) {
        if (failed) await killTransaction(req)
        req.payload.logger.error({ err: inner, msg: 'stripe-checkout: could not cancel the order' })
      }
      throw new BadGateway('Payment could not be started. Nothing was charged; please try again in a moment.')
    }
    return Response.json({ orderId: order.id, orderNumber: order.orderNumber, url })
  },
})
