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
import { withReadableMultipart } from '@/security/multipartBody'
import { withPrototypePathsAs404 } from '@/security/prototypePathsAre404'

const limits = async () => defaultBodyLimits(await uploadPathsOf(config))
const restGet = REST_GET(config)

/** Every body is bounded first, then a multipart one must be readable, before Payload reads it. */
const withBodyGuards = (handler: ReturnType<typeof REST_POST>) =>
  withBodyLimit(withReadableMultipart(handler, config), limits)

/** Anonymous catalog reads are answered from the public cache while nothing has changed. */
export const GET = withPrototypePathsAs404(
  withDatabaseOutageAs503(async (request: Request, context: Parameters<typeof restGet>[1]) =>
    servePublicRead(await getPayload({ config }), request, () => restGet(request, context)),
  ),
)
export const POST = withPrototypePathsAs404(
  withBodyGuards(
    withAccountBody(
      withDatabaseOutageAs503(REST_POST(config)),
      () => accountCreatePathsOf(config),
      config,
    ),
  ),
)
export const DELETE = withPrototypePathsAs404(
  withBodyGuards(withDatabaseOutageAs503(REST_DELETE(config))),
)
export const PATCH = withPrototypePathsAs404(
  withBodyGuards(withDatabaseOutageAs503(REST_PATCH(config))),
)
export const PUT = withPrototypePathsAs404(
  withBodyGuards(withDatabaseOutageAs503(REST_PUT(config))),
)
export const OPTIONS = withPrototypePathsAs404(REST_OPTIONS(config))
