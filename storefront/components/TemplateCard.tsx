import Link from 'next/link'

import { coverUrl, formatPrice, type TemplateCard as Card } from '@/lib/cms'

/** A template in a grid: its cover at a fixed ratio (nothing shifts), title and lowest price. */
export function TemplateCard({ template }: { template: Card }) {
  const prices = template.prices
  const from = [prices?.pdf, prices?.softcover, prices?.hardcover].filter(
    (p): p is number => typeof p === 'number',
  )
  const cover = coverUrl(template.cover)
  return (
    <li className="rounded-lg bg-white shadow-sm">
      <Link href={`/templates/${template.slug}`} className="block">
        <div className="aspect-[4/5] overflow-hidden rounded-t-lg bg-black/5">
          {cover && (
            <img
              src={cover}
              alt=""
              width={400}
              height={500}
              className="h-full w-full object-cover"
              loading="lazy"
            />
          )}
        </div>
        <div className="p-4">
          <h3 className="font-display text-lg">{template.title}</h3>
          {from.length > 0 && (
            <p className="text-sm text-muted">from {formatPrice(Math.min(...from), prices?.currency)}</p>
          )}
        </div>
      </Link>
    </li>
  )
}
