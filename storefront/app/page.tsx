import Link from 'next/link'

import { TemplateCard } from '@/components/TemplateCard'
import { listTemplates } from '@/lib/cms'

// rendered per request (the CMS is not there at build time); its reads are cached by tag
export const dynamic = 'force-dynamic'

export default async function Home() {
  const { docs } = await listTemplates({ limit: 3 })
  return (
    <>
      <section className="py-8">
        <h1 className="font-display text-4xl">A book of your memories, written with you</h1>
        <p className="mt-4 max-w-2xl text-lg text-muted">
          Pick a book, answer a few questions, add your photos: we write every page from your answers, you
          make it yours, and we print it to keep.
        </p>
        <Link href="/templates" className="mt-6 inline-block rounded bg-accent px-5 py-3 text-white">
          Choose a book
        </Link>
      </section>
      <section aria-labelledby="featured">
        <h2 id="featured" className="font-display text-2xl">
          Featured books
        </h2>
        {docs.length ? (
          <ul className="mt-4 grid gap-6 sm:grid-cols-2 md:grid-cols-3">
            {docs.map((template) => (
              <TemplateCard key={template.id} template={template} />
            ))}
          </ul>
        ) : (
          <p className="mt-4 text-muted">New books are on their way.</p>
        )}
      </section>
    </>
  )
}
