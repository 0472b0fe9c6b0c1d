import type { CollectionAfterReadHook } from 'payload'

import { getEnv } from '@/lib/env'
import type { Media } from '@/payload-types'

/**
 * Payload builds a medium's URLs on `serverURL` (CMS_URL). Opened on another host name (the
 * admin at 127.0.0.1 with the default http://localhost:3000), every thumbnail would then be
 * another origin, which the CSP blocks (img-src 'self'). The CMS's own file URLs are answered as
 * paths (`/api/media/file/…`), which work on whatever host the CMS is reached at; other sites
 * (a CDN) keep theirs. API clients prefix the CMS's URL.
 */
export const servePathsNotHosts: CollectionAfterReadHook<Media> = ({ doc }) => {
  const origin = new URL(getEnv().CMS_URL).origin
  const path = (url: string | null | undefined) => (url?.startsWith(`${origin}/`) ? url.slice(origin.length) : url)
  doc.url = path(doc.url)
  doc.thumbnailURL = path(doc.thumbnailURL)
  for (const size of Object.values(doc.sizes ?? {})) {
    if (size && typeof size === 'object' && 'url' in size) size.url = path(size.url as string | null)
  }
  return doc
}
