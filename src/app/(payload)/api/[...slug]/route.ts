import config from '@payload-config'
import {
  REST_DELETE,
  REST_GET,
  REST_OPTIONS,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'
import { getPayload } from 'payload'

import { servePublicRead } from '@/catalog'
import { accountCreatePathsOf, withAccountBody } from '@/security/accountBody'
import { defaultBodyLimits, uploadPathsOf, withBodyLimit } from '@/security/bodyLimit'
import { withDatabaseOutageAs503 } from '@/security/databaseOutage'

const limits = async () => defaultBodyLimits(await uploadPathsOf(config))
const restGet = REST_GET(config)

/** Anonymous catalog reads are answered from the public cache while nothing has changed. */
export const GET = withDatabaseOutageAs503(
  async (request: Request, context: Parameters<typeof restGet>[1]) =>
    servePublicRead(await getPayload({ config }), request, () => restGet(request, context)),
)
export const POST = withBodyLimit(
  withAccountBody(withDatabaseOutageAs503(REST_POST(config)), () => accountCreatePathsOf(config)),
  limits,
)
export const DELETE = withBodyLimit(withDatabaseOutageAs503(REST_DELETE(config)), limits)
export const PATCH = withBodyLimit(withDatabaseOutageAs503(REST_PATCH(config)), limits)
export const PUT = withBodyLimit(withDatabaseOutageAs503(REST_PUT(config)), limits)
export const OPTIONS = REST_OPTIONS(config)
