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

const restGet = REST_GET(config)

/** Anonymous catalog reads are answered from the public cache while nothing has changed. */
export const GET = async (request: Request, context: Parameters<typeof restGet>[1]) =>
  servePublicRead(await getPayload({ config }), request, () => restGet(request, context))
export const POST = REST_POST(config)
export const DELETE = REST_DELETE(config)
export const PATCH = REST_PATCH(config)
export const PUT = REST_PUT(config)
export const OPTIONS = REST_OPTIONS(config)
