import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'

import { defaultBodyLimits, withBodyLimit } from '@/security/bodyLimit'

export const POST = withBodyLimit(GRAPHQL_POST(config), () => defaultBodyLimits([]))
export const OPTIONS = REST_OPTIONS(config)
