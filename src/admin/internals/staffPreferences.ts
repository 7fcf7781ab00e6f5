import { Forbidden, NotFound, type Access, type Endpoint, type PayloadRequest } from 'payload'

import { isStaff, type AuthUser } from '@/access/roles'
import { inTransaction } from '@/db/transaction'
import { lockRow } from '@/shared/sql'

import { rowsOfCaller } from './rowsOfCaller'

/**
 * Payload's `payload-preferences` keeps the admin's column choices, open groups and the
 * like for each admin user. Payload lets any signed-in user store any JSON under any key
 * (1 MB a request, no bound on keys), so a trekker, who never opens the admin, could
 * fill the table. Only admin users (staff) keep preferences, each their own.
 */
export const ownPreferencesOfStaff: Access = ({ req }) =>
  isStaff(req.user as AuthUser) ? rowsOfCaller(req) : false

/** The user field is always the caller (Payload's own hook), so creating needs no filter. */
export const staffCreatePreferences: Access = ({ req }) => isStaff(req.user as AuthUser)

/**
 * `GET|POST|DELETE /api/payload-preferences/:key` write straight to the database with no
 * collection access, so they are guarded here. No credentials stay a 401 (the
 * anonymousIsUnauthorized hook answers every anonymous Forbidden that way).
 */
export function staffOnlyEndpoint(endpoint: Endpoint): Endpoint {
  const handler = endpoint.handler
  return {
    ...endpoint,
    handler: async (req: PayloadRequest) => {
      if (!isStaff(req.user as AuthUser)) {
        throw new Forbidden(req.t)
      }
      if (endpoint.method === 'delete') {
        // In one transaction with Payload's delete, the row locked first: a second delete of
        // the same key at once waits, then finds it gone (review round 39).
        return inTransaction(req, async () => {
          if (!(await lockOwnPreference(req))) {
            throw new NotFound(req.t)
          }
          return handler(req)
        })
      }
      return handler(req)
    },
  }
}

/**
 * Payload's delete by key, given a key the caller never stored (the admin resetting columns it
 * never saved, a stale tab), answered 500: its delete query names a join it never made (review
 * round 38). So the row is looked for first, through the collection's own read access, and
 * locked; false when there is none (or it went meanwhile).
 */
async function lockOwnPreference(req: PayloadRequest) {
  const key = String(req.routeParams?.key ?? '')
  const { docs } = await req.payload.find({
    collection: 'payload-preferences',
    where: { key: { equals: key } },
    overrideAccess: false,
    user: req.user,
    depth: 0,
    limit: 1,
    req,
  })
  return docs.length > 0 && (await lockRow(req, 'payload_preferences', docs[0].id))
}
