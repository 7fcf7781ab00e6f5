type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>
export type SlugContext = { params: Promise<{ slug?: string[] }> }

/**
 * Payload finds a collection by indexing its map with the first path segment, so a segment
 * named like an Object.prototype member (`constructor`, `toString`, `__proto__`, …) finds that
 * member instead of nothing, and its handler then throws out of the route ("reading 'hooks'"):
 * no answer at all, and an error printed outside the scrubbing logger. No collection of this
 * service has such a name, so these paths answer 404 as any unknown collection does.
 */
export function withPrototypePathsAs404<Context extends SlugContext>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    const { slug } = await context.params
    const [first] = slug ?? []
    if (first !== undefined && first in Object.prototype) {
      const { pathname } = new URL(request.url)
      return Response.json({ message: `Route not found "${pathname}"` }, { status: 404 })
    }
    return handler(request, context)
  }
}
