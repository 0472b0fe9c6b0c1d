import { checkReadiness } from '@/lib/readiness'

/** Readiness: the database answers, and Redis when it is configured. */
export const dynamic = 'force-dynamic'

export async function GET() {
  const report = await checkReadiness()
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503 })
}
