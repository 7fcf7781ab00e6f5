import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'

import { defaultBodyLimits, withBodyLimit } from '@/security/bodyLimit'
import { withDatabaseOutageAs503 } from '@/security/databaseOutage'
import { withoutMultipartGraphql } from '@/security/multipartBody'
import { withGraphqlPrecheck } from '@/security/graphqlPrecheck'
import { withoutSubscriptions } from '@/security/graphqlSubscriptions'

export const POST = withBodyLimit(
  withoutMultipartGraphql(
    withoutSubscriptions(withGraphqlPrecheck(withDatabaseOutageAs503(GRAPHQL_POST(config)))),
  ),
  () => defaultBodyLimits([]),
)
export const OPTIONS = REST_OPTIONS(config)
