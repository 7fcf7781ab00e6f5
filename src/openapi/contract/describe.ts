/**
 * A small builder for the contract's custom endpoints. The error responses an endpoint can
 * give follow from what it is: who may call it (401 for signed-in callers, 403 when only
 * some roles may), whether it names a document in its path (404) and whether it reads
 * input (400). Only the statuses that do not follow (429, 409, ...) are listed by hand.
 */
import { ref, type JsonObject } from '../schemas'

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 502 | 503

export type ContractEndpoint = {
  method: 'get' | 'post'
  path: string
  tag: string
  summary: string
  description?: string
  /** `anyone` needs no credentials; `signedIn` takes any of the session schemes. */
  auth: 'anyone' | 'signedIn'
  /** Who may call a signed-in endpoint, when not everyone signed in may. */
  roles?: string[]
  body?: JsonObject
  query?: Array<{ name: string; description: string; schema: JsonObject }>
  headers?: Array<{ name: string; description: string; required?: boolean }>
  /** Success responses by status; errors are listed by status and share the Error shape. */
  responses: Record<string, JsonObject>
  errors: ErrorStatus[]
}

type Who = 'anyone' | 'signedIn' | string[]

type Description = Omit<ContractEndpoint, 'method' | 'path' | 'auth' | 'roles' | 'errors'> & {
  who: Who
  /** Statuses the endpoint's shape does not imply. */
  alsoErrors?: ErrorStatus[]
}

function errorsOf(path: string, description: Description): ErrorStatus[] {
  const { who, body, query, alsoErrors = [] } = description
  const statuses = new Set<ErrorStatus>(alsoErrors)
  if (who !== 'anyone') {
    statuses.add(401)
  }
  if (Array.isArray(who)) {
    statuses.add(403)
  }
  if (path.includes('/:')) {
    statuses.add(404)
  }
  if ((body && Array.isArray(body.required)) || (query && query.length > 0)) {
    statuses.add(400)
  }
  return [...statuses].sort((a, b) => a - b)
}

function describe(
  method: ContractEndpoint['method'],
  path: string,
  description: Description,
): ContractEndpoint {
  const { who, alsoErrors: _also, ...rest } = description
  const roles = Array.isArray(who) ? who : undefined
  return {
    ...rest,
    method,
    path,
    auth: who === 'anyone' ? 'anyone' : 'signedIn',
    ...(roles ? { roles } : {}),
    errors: errorsOf(path, description),
  }
}

export const get = (path: string, description: Description) => describe('get', path, description)
export const post = (path: string, description: Description) => describe('post', path, description)

export const object = (properties: JsonObject, required: string[] = []): JsonObject => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
})

export const json = (description: string, schema: JsonObject) => ({
  description,
  content: { 'application/json': { schema } },
})

/** `{ message, doc }`, the shape Payload's own writes answer with. */
export const docMessage = (description: string, schema: string, extra: JsonObject = {}) =>
  json(description, object({ message: { type: 'string' }, doc: ref('schemas', schema), ...extra }))

export const message = (description = 'Done') =>
  json(description, object({ message: { type: 'string' } }, ['message']))

export const text = (maxLength: number, description?: string) => ({
  type: 'string',
  maxLength,
  ...(description ? { description } : {}),
})

export const rupees = (description = 'Rupees, at most two decimals') => ({
  type: 'number',
  description,
})

export const phone = { type: 'string', pattern: '^\\+[1-9]\\d{7,14}$', example: '+919812345678' }

export const session = json('Signed in: a session', ref('schemas', 'Session'))

export { ref }
