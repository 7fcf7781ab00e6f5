import {
  addDataAndFileToRequest,
  APIError,
  NotFound,
  UnauthorizedError,
  type PayloadRequest,
} from 'payload'

import type { AuthUser } from '@/access/roles'
import { isRowId } from '@/access/inputSafety'

export function signedInCaller(req: PayloadRequest): NonNullable<AuthUser> {
  const user = req.user as AuthUser
  if (!user) {
    throw new UnauthorizedError(req.t)
  }
  return user
}

export function bookingIdParam(req: PayloadRequest): number {
  const raw = String(req.routeParams?.id ?? '')
  if (!/^\d{1,12}$/.test(raw) || !isRowId(raw)) {
    throw new NotFound(req.t)
  }
  return Number(raw)
}

export async function jsonBody(req: PayloadRequest): Promise<Record<string, unknown>> {
  await addDataAndFileToRequest(req)
  const data = req.data
  if (data != null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new APIError('The request body must be a JSON object', 400)
  }
  return (data ?? {}) as Record<string, unknown>
}
