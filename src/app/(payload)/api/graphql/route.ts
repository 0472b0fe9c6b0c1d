import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'

import { getEnv } from '@/lib/env'
import { guardGraphQL } from '@/lib/http/guardGraphQL'

// Payload turns introspection off in production (graphQL.disableIntrospectionInProduction)
export const POST = guardGraphQL(GRAPHQL_POST(config), {
  hideSuggestions: getEnv().NODE_ENV === 'production',
})

export const OPTIONS = REST_OPTIONS(config)
