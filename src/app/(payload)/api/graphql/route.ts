import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'

import { defaultBodyLimits, withBodyLimit } from '@/security/bodyLimit'
import { withDatabaseOutageAs503 } from '@/security/databaseOutage'
import { withoutMultipartGraphql } from '@/security/multipartBody'
import { withGraphqlPrecheck } from '@/security/graphqlPrecheck'

export const POST = withBodyLimit(
  withoutMultipartGraphql(withGraphqlPrecheck(withDatabaseOutageAs503(GRAPHQL_POST(config)))),
  () => defaultBodyLimits([]),
)
export const OPTIONS = REST_OPTIONS(config)
