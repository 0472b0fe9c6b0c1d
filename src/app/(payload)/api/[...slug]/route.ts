import config from '@payload-config'
import '@payloadcms/next/css'
import { REST_DELETE, REST_GET, REST_OPTIONS, REST_PATCH, REST_POST, REST_PUT } from '@payloadcms/next/routes'

import { FORGOT_PASSWORD_MIN_MS, isForgotPasswordRequest, takingAtLeast } from '@/lib/http/evenTiming'
import { withApiEnvelope } from '@/lib/http/withApiEnvelope'
import { withPublicCache } from '@/lib/http/withPublicCache'

export const GET = withApiEnvelope(withPublicCache(REST_GET(config)))
const post = withApiEnvelope(REST_POST(config))
export const POST: typeof post = (request, args) =>
  isForgotPasswordRequest(request)
    ? takingAtLeast(FORGOT_PASSWORD_MIN_MS, () => post(request, args))
    : post(request, args)
export const DELETE = withApiEnvelope(REST_DELETE(config))
export const PATCH = withApiEnvelope(REST_PATCH(config))
export const PUT = withApiEnvelope(REST_PUT(config))
export const OPTIONS = REST_OPTIONS(config)
