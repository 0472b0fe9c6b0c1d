import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'

import './globals.css'

export const metadata: Metadata = {
  title: { default: "Sal's Memory Maker", template: "%s · Sal's Memory Maker" },
  description: 'Personalised memory books, written from your answers and printed to keep.',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-black/10">
          <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between px-4 py-4">
            <Link href="/" className="font-display text-xl">
              Sal&apos;s Memory Maker
            </Link>
            <Link href="/templates" className="underline-offset-4 hover:underline">
              All books
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  )
}
