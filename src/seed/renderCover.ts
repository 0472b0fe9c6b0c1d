import sharp from 'sharp'

import type { SeedTemplate } from './templates'

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  )

const motifs: Record<SeedTemplate['cover']['motif'], (accent: string) => string> = {
  stars: (accent) =>
    Array.from({ length: 14 }, (_, i) => {
      const x = 80 + ((i * 137) % 1040)
      const y = 120 + ((i * 263) % 700)
      return `<circle cx="${x}" cy="${y}" r="${6 + (i % 4) * 3}" fill="${accent}" opacity="0.55"/>`
    }).join(''),
  hearts: (accent) =>
    Array.from({ length: 8 }, (_, i) => {
      const x = 140 + ((i * 173) % 920)
      const y = 160 + ((i * 211) % 620)
      return `<path transform="translate(${x} ${y}) scale(${1 + (i % 3) * 0.4})" d="M0 12 C0 -4 -24 -4 -24 12 C-24 26 0 38 0 46 C0 38 24 26 24 12 C24 -4 0 -4 0 12Z" fill="${accent}" opacity="0.5"/>`
    }).join(''),
  leaves: (accent) =>
    Array.from({ length: 10 }, (_, i) => {
      const x = 100 + ((i * 149) % 1000)
      const y = 140 + ((i * 227) % 660)
      return `<ellipse cx="${x}" cy="${y}" rx="16" ry="44" transform="rotate(${(i * 37) % 180} ${x} ${y})" fill="${accent}" opacity="0.5"/>`
    }).join(''),
  rings: (accent) =>
    `<circle cx="540" cy="470" r="150" fill="none" stroke="${accent}" stroke-width="22" opacity="0.75"/>` +
    `<circle cx="700" cy="470" r="150" fill="none" stroke="${accent}" stroke-width="22" opacity="0.75"/>`,
  waves: (accent) =>
    Array.from({ length: 6 }, (_, i) => {
      const y = 200 + i * 110
      return `<path d="M0 ${y} Q 300 ${y - 60} 600 ${y} T 1200 ${y}" fill="none" stroke="${accent}" stroke-width="10" opacity="0.45"/>`
    }).join(''),
}

/** A 1200×1600 PNG cover drawn from the template's colours and motif; nothing downloaded. */
export async function renderCover(template: Pick<SeedTemplate, 'title' | 'cover'>): Promise<Buffer> {
  const { from, to, accent, motif } = template.cover
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1600" viewBox="0 0 1200 1600">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="1200" height="1600" fill="url(#g)"/>
  ${motifs[motif](accent)}
  <rect x="90" y="1060" width="1020" height="330" rx="28" fill="#ffffff" opacity="0.85"/>
  <text x="600" y="1250" font-family="DejaVu Serif, Georgia, serif" font-size="72" text-anchor="middle" fill="#333333">${escapeXml(template.title)}</text>
</svg>`
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer()
}
