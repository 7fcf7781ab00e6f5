import { APIError } from 'payload'

export type SosReport = {
  clientId: string
  latitude: number | null
  longitude: number | null
  occurredAt: string
  message: string
  batch: number | null
}

/** No SOS was raised before this: an earlier time is a reset or corrupted phone clock. */
const EARLIEST_TIME_MS = Date.UTC(2000, 0, 1)

function coordinate(value: unknown, limit: number): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) && Math.abs(number) <= limit
    ? number
    : null
}

/**
 * A phone clock may be wrong; a time that cannot be right (unparseable, ahead of the server's
 * clock, or before 2000-01-01 UTC, which the database may not even store) is replaced by the
 * server's. An SOS cannot have happened after it arrived, so the server's time is the closest
 * true value for a time ahead; a past time is kept (an SOS queued offline for hours).
 */
function reportedTime(value: unknown, now: Date): string {
  const parsed = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null
  if (
    !parsed ||
    Number.isNaN(parsed.getTime()) ||
    parsed.getTime() < EARLIEST_TIME_MS ||
    parsed.getTime() > now.getTime()
  ) {
    return now.toISOString()
  }
  return parsed.toISOString()
}

/**
 * Text as PostgreSQL can store it: a NUL character (which JSON allows, and a C string or a
 * pasted text can carry) is refused in any text column, so it is dropped rather than the SOS.
 */
const storable = (text: string) => text.replaceAll('\u0000', '')

/**
 * The departure the trekker named, when it is a whole number. Only a number or a string is
 * read: an object (even one with its own `toString`) or a list is ignored like any odd value.
 */
function batchId(value: unknown): number | null {
  const batch = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN
  return Number.isInteger(batch) && batch > 0 ? batch : null
}

/**
 * An SOS must never be lost to a validation error: only the idempotency key is required.
 * A missing or impossible position is stored as unknown, a bad time as now, a long
 * message is cut to fit, characters the database cannot store are dropped.
 */
export function normalizeReport(body: unknown, now = new Date()): SosReport {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const rawId = input.clientId
  const clientId =
    typeof rawId === 'string' || typeof rawId === 'number' ? storable(String(rawId)).trim() : ''
  if (clientId === '' || clientId.length > 100) {
    throw new APIError('clientId is required: a unique id of this SOS, at most 100 characters', 400)
  }

  let latitude = coordinate(input.latitude, 90)
  let longitude = coordinate(input.longitude, 180)
  if (latitude === null || longitude === null) {
    latitude = null
    longitude = null
  }
  return {
    clientId,
    latitude,
    longitude,
    occurredAt: reportedTime(input.occurredAt, now),
    message: typeof input.message === 'string' ? storable(input.message).trim().slice(0, 2000) : '',
    batch: batchId(input.batch),
  }
}
