import type { AfterErrorHook } from 'payload'

/** PostgreSQL's `deadlock_detected` and `serialization_failure`. */
const COLLISION_CODES = new Set(['40P01', '40001'])
const MESSAGE =
  'This change collided with another one at the same moment and was not saved; try again'

function isCollision(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (COLLISION_CODES.has(String((cause as { code?: unknown }).code))) {
      return true
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return false
}

/**
 * Two writers that lock the same rows in different orders (a bulk edit across treks and an
 * edit of one trek, say) make PostgreSQL stop one of them. Its transaction is rolled back
 * whole, so the honest answer is a conflict the client may simply retry, not Payload's 500.
 */
export const collisionsAre409: AfterErrorHook = ({ collection, error, graphqlResult, req }) => {
  const cause = graphqlResult ? (error as { originalError?: unknown }).originalError : error
  if (!isCollision(cause)) {
    return
  }
  req.payload.logger.warn({
    msg: 'Request undone: it collided with another change to the same rows',
    method: req.method,
    collection: collection?.slug,
  })
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message: MESSAGE,
        extensions: { ...graphqlResult.extensions, statusCode: 409 },
      },
    }
  }
  return { status: 409, response: { errors: [{ message: MESSAGE }] } }
}
