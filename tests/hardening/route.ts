import * as graphqlRoute from '../../src/app/(payload)/api/graphql/route'
import * as restRoute from '../../src/app/(payload)/api/[...slug]/route'

type Context = { params: Promise<{ slug: string[] }> }
export type Route = (request: Request, context: Context) => Promise<Response>

const REST: Record<string, Route> = {
  GET: restRoute.GET,
  POST: restRoute.POST,
  PATCH: restRoute.PATCH,
  PUT: restRoute.PUT,
  DELETE: restRoute.DELETE,
}

export const graphqlPost = graphqlRoute.POST as unknown as Route

/** Sends a request through the Next route handlers, as `next start` does (body guard included). */
export async function viaRoute(
  method: string,
  path: string,
  init: RequestInit & { duplex?: 'half'; token?: string } = {},
  handler: Route = REST[method],
): Promise<{ status: number; body: any }> {
  const url = `http://localhost:3000${path}`
  const slug = path
    .replace(/^\/api\//, '')
    .split('?')[0]
    .split('/')
  const headers = new Headers(init.headers)
  if (init.token) {
    headers.set('Authorization', `JWT ${init.token}`)
  }
  const request = new Request(url, { ...init, method, headers })
  const response = await handler(request, { params: Promise.resolve({ slug }) })
  const text = await response.text()
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text }
}
