/** Liveness: answers without touching the database (the benchmark's baseline). */
export const dynamic = 'force-dynamic'

export function GET() {
  return Response.json({ status: 'ok' })
}
