import { contractEndpoints, type ContractEndpoint } from './customEndpoints'
import {
  errorResponses,
  errorStatus,
  ref,
  securitySchemes,
  sharedSchemas,
  signedInSecurity,
  type JsonObject,
} from './schemas'

type Operation = JsonObject & { security?: JsonObject[]; responses?: Record<string, unknown> }
type PathItem = Record<string, unknown>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch']

export const info = {
  title: 'OBS Trekking Tribe API',
  version: '1.0.0',
  description:
    'REST API of the OBS backend (Payload CMS). Sign in with POST /api/users/login (or a ' +
    'phone, Google or Apple sign-in) and send the token as `Authorization: Bearer <token>` or ' +
    '`Authorization: JWT <token>`; browsers may use the `payload-token` cookie instead. Lists ' +
    'page at most 100 documents, depth defaults to 1 and is capped at 3. GraphQL is at ' +
    'POST /api/graphql. Every error answers `{ "errors": [{ "message": ... }] }`.',
}

/** `/api/bookings/:id/cancel` as Payload routes it becomes `/api/bookings/{id}/cancel`. */
export const toOpenApiPath = (path: string) => path.replace(/:([^/]+)/g, '{$1}')

const operationId = (endpoint: ContractEndpoint) =>
  endpoint.method +
  endpoint.path
    .replace(/^\/api/, '')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')

const errorRefs = (statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [String(status), ref('responses', errorStatus[status])]),
  )

function contractOperation(endpoint: ContractEndpoint): Operation {
  const pathParams = [...endpoint.path.matchAll(/:([^/]+)/g)].map(([, name]) => ({
    in: 'path',
    name,
    required: true,
    schema: name === 'id' ? { type: 'integer' } : { type: 'string' },
  }))
  const parameters = [
    ...pathParams,
    ...(endpoint.query ?? []).map((query) => ({ in: 'query', ...query })),
    ...(endpoint.headers ?? []).map(({ name, description, required }) => ({
      in: 'header',
      name,
      description,
      required: Boolean(required),
      schema: { type: 'string' },
    })),
  ]
  // `owner` is the trekker the document belongs to; the rest are staff roles.
  const who = endpoint.roles ? `Who may call: ${endpoint.roles.join(', ')}.` : ''
  const description = [endpoint.description, who].filter(Boolean).join('\n\n')
  return {
    tags: [endpoint.tag],
    operationId: operationId(endpoint),
    summary: endpoint.summary,
    ...(description ? { description } : {}),
    security: endpoint.auth === 'signedIn' ? signedInSecurity : [],
    ...(endpoint.roles ? { 'x-roles': endpoint.roles } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: endpoint.body } },
          },
        }
      : {}),
    responses: { ...endpoint.responses, ...errorRefs(endpoint.errors) },
  }
}

/**
 * Payload's own routes that a limit of ours can refuse with 429 and Retry-After: sign-ups per
 * client (limitSignUps), e-mail changes and credential-change proofs per account
 * (holdOwnEmailChange, proveOwnCredentialChange), reset requests per address
 * (sendResetMailAsJob), and members' posts and uploads per account (limitMemberPosts,
 * limitMemberUploads). Password sign-in is a contract endpoint and lists its own.
 */
const RATE_LIMITED = [
  'post /api/users',
  'patch /api/users/{id}',
  'post /api/users/forgot-password',
  'post /api/posts',
  'post /api/media',
]

/**
 * payload-oapi secures operations with its own OAuth scheme; ours are the session token
 * in either header form or the admin cookie. Collection operations also gain the error
 * responses Payload actually returns, all with the Error shape.
 */
function completeCollectionOperation(path: string, method: string, operation: Operation) {
  const secured = (operation.security ?? []).length > 0
  if (secured) {
    operation.security = signedInSecurity
  }
  const errors = [400, ...(secured ? [401, 403] : []), ...(path.includes('{') ? [404] : [])]
  operation.responses = { ...operation.responses, ...errorRefs(errors) }
  if (method === 'post' && /^\/api\/[^/{]+$/.test(path)) {
    operation.responses = { ...operation.responses, ...errorRefs([413]) }
  }
  if (RATE_LIMITED.includes(`${method} ${path}`)) {
    operation.responses = { ...operation.responses, ...errorRefs([429]) }
  }
}

/**
 * payload-oapi swaps two bodies: Payload's GET by id answers the document itself, while
 * PATCH and DELETE by id answer `{ doc, message }`.
 */
function fixByIdBodies(method: string, operation: Operation, responses: Record<string, unknown>) {
  const success = operation.responses?.['200'] as { $ref?: string } | undefined
  const name = success?.$ref?.replace('#/components/responses/', '')
  if (!name) {
    return
  }
  const swapped =
    method === 'get'
      ? name.replace(/^Mutate/, '')
      : name.startsWith('Mutate')
        ? name
        : `Mutate${name}`
  if (swapped !== name && swapped in responses) {
    operation.responses!['200'] = ref('responses', swapped)
  }
}

/**
 * An upload is created as Payload's REST API takes it: multipart, the file in `file` and the
 * other fields as JSON in `_payload`. payload-oapi describes a JSON body, which is refused.
 */
function describeUploadBody(operation: Operation) {
  operation.requestBody = {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['file'],
          properties: {
            file: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP or GPX' },
            _payload: {
              type: 'string',
              description: 'The other fields as JSON, e.g. {"alt":"Summit at dawn"}',
            },
          },
        },
      },
    },
  }
}

/** The list limits our hooks enforce, so clients do not page on a false promise. */
function describeListLimits(parameters: unknown) {
  for (const parameter of Array.isArray(parameters) ? (parameters as JsonObject[]) : []) {
    if (parameter.in === 'query' && parameter.name === 'limit') {
      parameter.description = 'Page size, capped at 100; 0 means 100, not everything'
      parameter.schema = { type: 'integer', minimum: 0, maximum: 100, default: 10 }
    }
    if (parameter.in === 'query' && parameter.name === 'depth') {
      parameter.description = 'Relationship depth, capped at 3'
      parameter.schema = { type: 'integer', minimum: 0, maximum: 3, default: 1 }
    }
  }
}

/**
 * OpenAPI 3.0 forbids an empty `required` list, which payload-oapi emits for objects with
 * no required property (upload `sizes`, for one); validators then reject the whole document.
 */
function dropEmptyRequired(node: unknown) {
  if (Array.isArray(node)) {
    node.forEach(dropEmptyRequired)
    return
  }
  if (node && typeof node === 'object') {
    const object = node as JsonObject
    if (Array.isArray(object.required) && object.required.length === 0) {
      delete object.required
    }
    Object.values(object).forEach(dropEmptyRequired)
  }
}

/** Turns payload-oapi's generated document into the complete one the contract promises. */
export function completeSpec(generated: JsonObject): JsonObject {
  const spec = structuredClone(generated) as JsonObject & {
    paths?: Record<string, PathItem>
    components?: Record<string, Record<string, unknown>>
  }
  const paths = (spec.paths ??= {})
  const components = (spec.components ??= {})

  for (const [path, item] of Object.entries(paths)) {
    describeListLimits(item.parameters)
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined
      if (operation) {
        describeListLimits(operation.parameters)
        if (/^\/api\/[^/]+\/\{id\}$/.test(path)) {
          fixByIdBodies(method, operation, components.responses ?? {})
        }
        completeCollectionOperation(path, method, operation)
        if (path === '/api/media' && method === 'post') {
          describeUploadBody(operation)
        }
      }
    }
  }

  for (const endpoint of contractEndpoints) {
    const path = toOpenApiPath(endpoint.path)
    paths[path] = { ...paths[path], [endpoint.method]: contractOperation(endpoint) }
  }

  components.securitySchemes = { ...securitySchemes }
  components.schemas = { ...components.schemas, ...sharedSchemas }
  components.responses = { ...components.responses, ...errorResponses }
  spec.info = info
  // Relative, so the document is right behind any proxy and on any port.
  spec.servers = [{ url: '/', description: 'This server' }]
  dropEmptyRequired(spec)
  return spec
}
