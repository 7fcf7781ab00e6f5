import { APIError, type PayloadRequest } from 'payload'

import { authClock } from './clock'
import { authState, type Limit } from './state'

/**
 * Checks limits in order and stops at the first one exceeded: 429 with Retry-After. Each count
 * is one atomic step in the shared store, so parallel requests on several instances cannot
 * all slip under a cap.
 */
export async function enforceLimits(req: PayloadRequest, limits: Limit[], message: string) {
  const store = authState(req.payload, req)
  for (const limit of limits) {
    const retryAfter = await store.hit(limit, authClock.now())
    if (retryAfter > 0) {
      req.responseHeaders = new Headers({ 'Retry-After': String(retryAfter) })
      throw new APIError(message, 429, null, true)
    }
  }
}
