import { revalidateTag } from 'next/cache'

import { storefrontEnv } from '@/lib/env'
import { verifySignature } from '@/lib/signature'

const TAG = /^(catalogue|template:[a-z0-9-]{1,120})$/

/**
 * POST /api/revalidate {tags: string[]}: the CMS, after a template or cover changed and the change
 * committed, makes these cached reads stale at once (signed with REVALIDATE_SECRET, ≤ 5 min old).
 */
export async function POST(request: Request) {
  const secret = storefrontEnv().REVALIDATE_SECRET
  const body = await request.text()
  if (!secret || !verifySignature(secret, request.headers.get('x-revalidate-signature'), body)) {
    return Response.json(
      { errors: [{ name: 'Unauthorized', message: 'Bad or missing signature.' }] },
      { status: 401 },
    )
  }
  let tags: unknown
  try {
    tags = (JSON.parse(body) as { tags?: unknown }).tags
  } catch {
    tags = undefined
  }
  if (
    !Array.isArray(tags) ||
    tags.length > 50 ||
    !tags.every((tag) => typeof tag === 'string' && TAG.test(tag))
  ) {
    return Response.json(
      { errors: [{ name: 'BadRequest', message: 'tags: up to 50 known tags.' }] },
      { status: 400 },
    )
  }
  for (const tag of tags as string[]) revalidateTag(tag, { expire: 0 })
  return Response.json({ revalidated: tags })
}
