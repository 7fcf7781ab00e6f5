import type { SanitizedConfig } from 'payload'

import { mediaTypeOf } from '@/security/mediaType'
import { readAsPayloadDoes } from '@/security/multipartBody'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

const MESSAGE = 'Send the account as a JSON object (Content-Type: application/json).'

const isObject = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Whether a create of an account carries one: a JSON object (withBodyLimit has already refused
 * any other JSON), or the admin's multipart form whose `_payload` is one, as Payload's own
 * reader (busboy) reads it: the platform's form parser read two `_payload` parts, or one typed
 * as a file, otherwise, and let by a body Payload found no account in (review round 26).
 */
async function carriesAccount(request: Request, config: SanitizedConfig): Promise<boolean> {
  const type = mediaTypeOf(request)
  if (type === 'application/json') {
    return (await request.clone().text()).trim() !== ''
  }
  if (type === 'multipart/form-data') {
    const read = await readAsPayloadDoes(request, config).catch(() => null)
    return isObject(read?.data)
  }
  return false
}

/**
 * The admin reads with a POST carrying the query as a form and `X-Payload-HTTP-Method-Override:
 * GET` (its account pickers: a guide card's or a booking's `user`), which Payload serves as a
 * read, not a create (review round 21: the guard had emptied every account picker).
 */
const isReadByOverride = (request: Request) =>
  // Exactly Payload's own test (handleEndpoints), so nothing else it would create slips by.
  request.headers.get('X-Payload-HTTP-Method-Override') === 'GET' ||
  request.headers.get('X-HTTP-Method-Override') === 'GET'

/**
 * Payload's create of an auth collection reads `data.email` before any hook can look
 * (ensureUsernameOrEmail), so a sign-up with no body, a form or text body, or a multipart
 * `_payload` of `null` ended as a 500 with an error line (review round 20). Such a create is
 * answered 400 here instead, before Payload reads it.
 */
export function withAccountBody<Context>(
  handler: RouteHandler<Context>,
  accountCreatePaths: () => Promise<string[]>,
  config: Promise<SanitizedConfig>,
): RouteHandler<Context> {
  return async (request, context) => {
    const { pathname } = new URL(request.url)
    const path = pathname.replace(/\/$/, '')
    if (
      (await accountCreatePaths()).includes(path) &&
      !isReadByOverride(request) &&
      !(await carriesAccount(request, await config))
    ) {
      return Response.json({ errors: [{ message: MESSAGE }] }, { status: 400 })
    }
    return handler(request, context)
  }
}

/** The REST create paths of the auth collections (`/api/users`), from the Payload config. */
export async function accountCreatePathsOf(
  config: Promise<{
    routes: { api: string }
    collections: Array<{ slug: string; auth?: unknown }>
  }>,
): Promise<string[]> {
  const { routes, collections } = await config
  return collections
    .filter((collection) => Boolean(collection.auth))
    .map((collection) => `${routes.api}/${collection.slug}`)
}
