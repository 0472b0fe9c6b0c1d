import Link from 'next/link'

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="font-display text-3xl">This page is not here</h1>
      <p className="mt-4 text-muted">It may have moved, or the link is mistyped.</p>
      <Link href="/templates" className="mt-6 inline-block underline">
        See all books
      </Link>
    </div>
  )
}
