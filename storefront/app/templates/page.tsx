import type { Metadata } from 'next'

import { TemplateCard } from '@/components/TemplateCard'
import { listTemplates } from '@/lib/cms'

// rendered per request (the CMS is not there at build time); its reads are cached by tag
export const dynamic = 'force-dynamic'

export const metadata: Metadata = { title: 'All books' }

const OCCASIONS = ['baby', 'wedding', 'grandparent', 'birthday', 'memorial', 'travel', 'other']

export default async function Catalogue({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>
}) {
  const { q, occasion } = await searchParams
  const search = q?.trim().slice(0, 80) || undefined
  const picked = occasion && OCCASIONS.includes(occasion) ? occasion : undefined
  const { docs } = await listTemplates({ search, occasion: picked })
  return (
    <>
      <h1 className="font-display text-3xl">All books</h1>
      <form role="search" className="mt-4 flex flex-wrap gap-3" action="/templates">
        <label className="flex flex-col text-sm">
          Search
          <input
            name="q"
            defaultValue={search}
            className="rounded border border-black/20 bg-white px-3 py-2"
          />
        </label>
        <label className="flex flex-col text-sm">
          Occasion
          <select
            name="occasion"
            defaultValue={picked ?? ''}
            className="rounded border border-black/20 bg-white px-3 py-2"
          >
            <option value="">Any</option>
            {OCCASIONS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="self-end rounded bg-ink px-4 py-2 text-white">
          Show
        </button>
      </form>
      {docs.length ? (
        <ul className="mt-6 grid gap-6 sm:grid-cols-2 md:grid-cols-3">
          {docs.map((template) => (
            <TemplateCard key={template.id} template={template} />
          ))}
        </ul>
      ) : (
        <p className="mt-6 text-muted">No book matches: try another word or occasion.</p>
      )}
    </>
  )
}
