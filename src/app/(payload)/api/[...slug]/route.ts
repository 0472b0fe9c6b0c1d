import config from '@payload-config'
import '@payloadcms/next/css'
import {
  REST_DELETE,
  REST_GET,
  REST_OPTIONS,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'

import { withPublicCache } from '@/lib/http/withPublicCache'
import { afterMutation } from '@/lib/http/afterMutation'

export const GET = withPublicCache(REST_GET(config))
export const POST = afterMutation(REST_POST(config))
export const DELETE = afterMutation(REST_DELETE(config))
export const PATCH = afterMutation(REST_PATCH(config))
export const PUT = afterMutation(REST_PUT(config))
export const OPTIONS = REST_OPTIONS(config)
