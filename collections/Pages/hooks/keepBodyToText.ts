import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import type { Page } from '@/payload-types'

/** Lexical nodes that point at other documents (a medium, a book, a page). */
const REFERENCE_NODES = new Set(['upload', 'relationship', 'link', 'autolink'])

/**
 * A page's body is text: the editor offers no uploads, relationships or links (collections/Pages),
 * and a body sent over the API with such a node is refused, so a customer cannot point their
 * page at another customer's photo or book by its id (Payload's rich-text validation checks only
 * that the id is well formed).
 */
export const keepBodyToText: CollectionBeforeValidateHook<Page> = ({ data }) => {
  const stack: unknown[] = [data?.body]
  while (stack.length) {
    const node = stack.pop()
    if (!node || typeof node !== 'object') continue
    const { type, children, root } = node as { type?: unknown; children?: unknown; root?: unknown }
    if (typeof type === 'string' && REFERENCE_NODES.has(type)) {
      throw new ValidationError({
        collection: 'pages',
        errors: [
          {
            path: 'body',
            message: `A page's text cannot hold ${type} nodes: put photos in the page's photo.`,
          },
        ],
      })
    }
    if (root) stack.push(root)
    if (Array.isArray(children)) stack.push(...children)
  }
  return data
}
