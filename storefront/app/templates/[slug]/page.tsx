import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { coverUrl, formatPrice, templateBySlug } from '@/lib/cms'

// rendered per request (the CMS is not there at build time); its reads are cached by tag
export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const template = await templateBySlug((await params).slug)
  return template ? { title: template.title, description: template.description ?? undefined } : {}
}

const FORMATS = ['hardcover', 'softcover', 'pdf'] as const

export default async function TemplatePage({ params }: Props) {
  const template = await templateBySlug((await params).slug)
  if (!template) notFound()
  const cover = coverUrl(template.cover, 'preview')
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: template.title,
    description: template.description,
  }
  return (
    <article className="grid gap-8 md:grid-cols-2">
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, '\\u003c') }}
      />
      <div className="aspect-[4/5] overflow-hidden rounded-lg bg-black/5">
        {cover && (
          <img
            src={cover}
            alt={`Cover of ${template.title}`}
            width={800}
            height={1000}
            className="h-full w-full object-cover"
          />
        )}
      </div>
      <div>
        <h1 className="font-display text-3xl">{template.title}</h1>
        <p className="mt-4 text-muted">{template.description}</p>
        <h2 className="mt-6 font-display text-xl">Formats</h2>
        <ul className="mt-2">
          {FORMATS.map((format) => {
            const price = formatPrice(template.prices?.[format], template.prices?.currency)
            return price ? (
              <li key={format}>
                {format}: {price}
              </li>
            ) : null
          })}
        </ul>
      </div>
      <section aria-labelledby="pages" className="md:col-span-2">
        <h2 id="pages" className="font-display text-2xl">
          A look inside
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-2">
          {(template.blueprints ?? []).slice(0, 6).map((page, index) => (
            <li key={page.id ?? index} className="rounded bg-white p-4 shadow-sm">
              <h3 className="font-display">{page.title}</h3>
              <p className="mt-2 line-clamp-5 text-sm text-muted">{page.sampleText ?? page.fixedText}</p>
            </li>
          ))}
        </ol>
      </section>
    </article>
  )
}
