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
import { type SlugContext, withPrototypePathsAs404 } from '@/security/prototypePathsAre404'
import { withNulRefused } from '@/security/nulInRequest'
import { withOverrideQueryChecked, withQueryJsonChecked } from '@/security/queryJson'

const limits = async () => defaultBodyLimits(await uploadPathsOf(config))

/** Unknown-looking paths and malformed JSON query parameters are answered before Payload. */
const guarded = <Context extends SlugContext>(
  handler: (request: Request, context: Context) => Promise<Response>,
) => withPrototypePathsAs404(withQueryJsonChecked(handler))

const restGet = REST_GET(config)

/** Every body is bounded first, then a multipart one must be readable, before Payload reads it. */
const withBodyGuards = (handler: ReturnType<typeof REST_POST>) =>
  withBodyLimit(withNulRefused(withReadableMultipart(handler, config)), limits)

/** Anonymous catalog reads are answered from the public cache while nothing has changed. */
export const GET = guarded(
  withDatabaseOutageAs503(async (request: Request, context: Parameters<typeof restGet>[1]) =>
    servePublicRead(await getPayload({ config }), request, () => restGet(request, context)),
  ),
)
export const POST = guarded(
  withBodyGuards(
    withOverrideQueryChecked(
      withAccountBody(
        withDatabaseOutageAs503(REST_POST(config)),
        () => accountCreatePathsOf(config),
        config,
      ),
    ),
  ),
)
export const DELETE = guarded(withBodyGuards(withDatabaseOutageAs503(REST_DELETE(config))))
export const PATCH = guarded(withBodyGuards(withDatabaseOutageAs503(REST_PATCH(config))))
export const PUT = guarded(withBodyGuards(withDatabaseOutageAs503(REST_PUT(config))))
export const OPTIONS = guarded(REST_OPTIONS(config))
