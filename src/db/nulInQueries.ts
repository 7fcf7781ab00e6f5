import { APIError, type Payload } from 'payload'

import { withoutNul } from '@/shared/nul'

const QUERYING = [
  'find',
  'findOne',
  'count',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
] as const

/**
 * The last net for a NUL character (which PostgreSQL cannot compare) in a query's `where`:
 * Payload's own operations without hooks, such as an e-mail verification's token (GraphQL
 * `verifyEmailUser`), passed one straight to the database, whose refusal was logged at ERROR
 * for anyone to cause (review round 43). Refused with 400 before the query.
 */
export function refuseNulInQueries(payload: Payload): void {
  const db = payload.db as unknown as Record<
    string,
    (args: { where?: unknown }) => Promise<unknown>
  >
  for (const method of QUERYING) {
    const original = db[method].bind(payload.db)
    db[method] = (args) => {
      if (args?.where && withoutNul(args.where) !== args.where) {
        return Promise.reject(
          new APIError('A value in the request must not contain NUL characters', 400, null, true),
        )
      }
      return original(args)
    }
  }
}
