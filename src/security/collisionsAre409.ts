import type { AfterErrorHook } from 'payload'

import { answerWith, operationError, postgresCode } from './errorAnswers'

/** PostgreSQL's `deadlock_detected` and `serialization_failure`. */
const COLLISION_CODES = new Set(['40P01', '40001'])
const MESSAGE =
  'This change collided with another one at the same moment and was not saved; try again'

/**
 * Two writers that lock the same rows in different orders (a bulk edit across treks and an
 * edit of one trek, say) make PostgreSQL stop one of them. Its transaction is rolled back
 * whole, so the honest answer is a conflict the client may simply retry, not Payload's 500.
 */
export const collisionsAre409: AfterErrorHook = (args) => {
  if (!COLLISION_CODES.has(postgresCode(operationError(args)) ?? '')) {
    return
  }
  args.req.payload.logger.warn({
    msg: 'Request undone: it collided with another change to the same rows',
    method: args.req.method,
    collection: args.collection?.slug,
  })
  return answerWith(args, 409, MESSAGE)
}
