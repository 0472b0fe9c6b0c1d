import { storefrontEnv } from './env'

/**
 * The shapes the storefront reads, field for field those of `src/payload-types.ts` (Books, Media);
 * written out here because the generated file augments the `payload` module, which this app does
 * not depend on.
 */
type Prices = {
  currency?: string | null
  hardcover?: number | null
  softcover?: number | null
  pdf?: number | null
}
type Media = {
  url?: string | null
  alt?: string | null
  width?: number | null
  height?: number | null
  sizes?: Record<string, { url?: string | null } | undefined> | null
}
type Book = {
  id: number
  title: string
  slug?: string | null
  description?: string | null
  occasion?: string | null
  prices?: Prices | null
  blueprints?: Array<{
    id?: string | null
    title: string
    sampleText?: string | null
    fixedText?: string | null
  }> | null
  questions?: Array<{ key: string; label: string; type: string; required?: boolean | null }> | null
}

/**
 * The storefront's typed REST client for the CMS. Catalogue reads carry no credentials, so the
 * CMS answers them from its public read cache; they are tagged for revalidation.
 */
export type TemplateCard = Pick<Book, 'id' | 'title' | 'slug' | 'description' | 'occasion' | 'prices'> & {
  cover?: Media | number | null
}

type List<T> = { docs: T[]; totalDocs: number }

async function read<T>(path: string, tags: string[]): Promise<T> {
  const response = await fetch(`${storefrontEnv().CMS_URL}${path}`, {
    next: { tags, revalidate: 300 },
  })
  if (!response.ok) throw new Error(`CMS ${path}: ${response.status}`)
  return (await response.json()) as T
}

const CARD_SELECT = ['title', 'slug', 'description', 'occasion', 'prices', 'cover']
  .map((field) => `select[${field}]=true`)
  .join('&')

/** Published templates, newest first (optionally one occasion, or a title search). */
export async function listTemplates(options: { occasion?: string; search?: string; limit?: number } = {}) {
  const where = [
    'where[kind][equals]=template',
    'where[_status][equals]=published',
    options.occasion ? `where[occasion][equals]=${encodeURIComponent(options.occasion)}` : '',
    options.search ? `where[title][like]=${encodeURIComponent(options.search)}` : '',
  ].filter(Boolean)
  const query = [...where, `limit=${options.limit ?? 24}`, 'depth=1', 'sort=-createdAt', CARD_SELECT].join(
    '&',
  )
  return read<List<TemplateCard>>(`/api/books?${query}`, ['catalogue'])
}

export type TemplateDetail = TemplateCard & Pick<Book, 'blueprints' | 'questions'>

/** One published template by its slug, with its pages' blueprints (for the sample preview). */
export async function templateBySlug(slug: string): Promise<TemplateDetail | undefined> {
  const query = [
    `where[slug][equals]=${encodeURIComponent(slug)}`,
    'where[kind][equals]=template',
    'where[_status][equals]=published',
    'limit=1',
    'depth=1',
  ].join('&')
  const list = await read<List<TemplateDetail>>(`/api/books?${query}`, ['catalogue', `template:${slug}`])
  return list.docs[0]
}

/** A cover's URL on the CMS (media URLs are paths). */
export function coverUrl(
  cover: TemplateCard['cover'],
  size: 'card' | 'preview' = 'card',
): string | undefined {
  if (!cover || typeof cover === 'number') return undefined
  const sized = cover.sizes?.[size]?.url ?? cover.url
  if (!sized) return undefined
  const env = storefrontEnv()
  return sized.startsWith('http') ? sized : `${env.CMS_PUBLIC_URL ?? env.CMS_URL}${sized}`
}

export function formatPrice(minor: number | null | undefined, currency: string | null | undefined) {
  if (typeof minor !== 'number') return undefined
  return new Intl.NumberFormat('en', {
    style: 'currency',
    currency: (currency ?? 'usd').toUpperCase(),
  }).format(minor / 100)
}
