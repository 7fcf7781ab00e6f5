import { APIError, type Endpoint, type PayloadRequest } from 'payload'

import type { AuthUser } from '@/access/roles'
import { lockRow } from '@/shared/sql'
import { withTransaction } from '@/shared/transaction'

import { canHandleIncidents } from '../access'
import { INCIDENT_NOTE_MAX_LENGTH, type IncidentStatus } from '../hooks/recordStaffActions'
import { readBody } from './readBody'
import { isRowId } from '@/access/inputSafety'
import { visibleText } from '@/shared/blank'

/**
 * `POST /api/incidents/:id/acknowledge|resolve|notes {note}` for ops and support. The
 * change goes through the collection's update (so its hook writes the log entry) with the
 * row locked, so two handlers at once both land in the log.
 */
function staffAction(path: string, status: IncidentStatus | null): Endpoint {
  return {
    path: `/:id/${path}`,
    method: 'post',
    handler: async (req: PayloadRequest) => {
      const user = req.user as AuthUser
      if (!user) {
        throw new APIError('Sign in to handle incidents', 401)
      }
      if (!canHandleIncidents(user)) {
        throw new APIError('Only ops and support handle incidents', 403)
      }
      const id = Number(req.routeParams?.id)
      const body = await readBody(req)
      const note = visibleText(body.note).slice(0, INCIDENT_NOTE_MAX_LENGTH)
      if (!status && !note) {
        throw new APIError('A note is required', 400)
      }

      const doc = await withTransaction(req, async () => {
        if (!isRowId(id) || !(await lockRow(req, 'incidents', id))) {
          throw new APIError('Incident not found', 404)
        }
        const current = await req.payload.findByID({
          collection: 'incidents',
          id,
          depth: 0,
          select: { status: true },
          overrideAccess: true,
          req,
        })
        if (status && current.status === status) {
          throw new APIError(`The incident is already ${status}`, 400)
        }
        return req.payload.update({
          collection: 'incidents',
          id,
          data: { ...(status ? { status } : {}), note } as never,
          depth: 0,
          overrideAccess: false,
          user: req.user,
          req,
        })
      })
      return Response.json({ doc, message: 'Incident updated' })
    },
  }
}

export const incidentStatusEndpoints: Endpoint[] = [
  staffAction('acknowledge', 'acknowledged'),
  staffAction('resolve', 'resolved'),
  staffAction('notes', null),
]
