import { APIError, type CollectionBeforeChangeHook } from 'payload'

import type { Incident } from '@/payload-types'
import { visibleText } from '@/shared/blank'

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const

/** How long a handler's note may be (the endpoints cut it there). */
export const INCIDENT_NOTE_MAX_LENGTH = 2000

/** Room in a log entry for the action's word before the note ("Acknowledged: "). */
export const LOG_ACTION_ROOM = 20
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

/** Incidents move forward only; a resolved incident stays resolved (a new SOS is a new one). */
const NEXT_STATUSES: Record<IncidentStatus, IncidentStatus[]> = {
  open: ['acknowledged', 'resolved'],
  acknowledged: ['resolved'],
  resolved: [],
}

const DEFAULT_NOTES: Record<IncidentStatus, string> = {
  open: 'Reopened',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
}

/**
 * Every staff action on an incident, from the admin or the status endpoints, leaves a
 * timestamped log entry with who did it. The log itself is never written by a client.
 */
export const recordStaffActions: CollectionBeforeChangeHook<Incident> = ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  const note = visibleText((data as { note?: unknown }).note)
  delete (data as { note?: unknown }).note
  if (operation !== 'update' || !originalDoc) {
    return data
  }

  const at = new Date().toISOString()
  const by = (req.user?.id as number | undefined) ?? null
  const previous = originalDoc.status as IncidentStatus
  const next = (data.status ?? previous) as IncidentStatus
  const entries: NonNullable<Incident['log']> = []
  if (next !== previous) {
    if (!NEXT_STATUSES[previous].includes(next)) {
      throw new APIError(`An ${previous} incident cannot become ${next}`, 400)
    }
    if (next === 'acknowledged') {
      data.acknowledgedAt = at
    }
    if (next === 'resolved') {
      data.resolvedAt = at
    }
    // The action leads, so an acknowledgement with a note reads unlike a plain note (the
    // newcomer run of session 15).
    entries.push({ at, by, note: note ? `${DEFAULT_NOTES[next]}: ${note}` : DEFAULT_NOTES[next] })
  } else if (note) {
    entries.push({ at, by, note })
  }
  if (entries.length > 0) {
    data.log = [...(originalDoc.log ?? []), ...entries]
  }
  return data
}
