import { withoutNul } from '@/shared/nul'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

const refused = (message: string) => Response.json({ errors: [{ message }] }, { status: 400 })

const PREFERENCES_PATH = '/api/payload-preferences/'

function decodedPath(url: string): string {
  const { pathname } = new URL(url)
  try {
    return decodeURIComponent(pathname)
  } catch {
    return pathname
  }
}

/**
 * A NUL character (U+0000), which PostgreSQL cannot store or compare, in the address, or in a
 * staff preference saved by key: Payload's preference handler writes straight to the database,
 * past the collection hooks that drop NULs from every other write, and the refused statement
 * was logged at ERROR (review round 43). Both are 400, before Payload.
 */
export function withNulRefused<Context>(handler: RouteHandler<Context>): RouteHandler<Context> {
  return async (request, context) => {
    const path = decodedPath(request.url)
    if (path.includes('\u0000')) {
      return refused('The address must not contain NUL characters')
    }
    if (
      path.startsWith(PREFERENCES_PATH) &&
      request.method === 'POST' &&
      request.headers.get('Content-Type')?.startsWith('application/json')
    ) {
      const body: unknown = await request
        .clone()
        .json()
        .catch(() => undefined)
      if (body !== undefined && withoutNul(body) !== body) {
        return refused('A preference must not contain NUL characters')
      }
    }
    return handler(request, context)
  }
}
