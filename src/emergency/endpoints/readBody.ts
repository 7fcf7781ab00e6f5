import type { PayloadRequest } from 'payload'

/** The JSON body, or an empty object when there is none or it does not parse. */
export async function readBody(req: PayloadRequest): Promise<Record<string, unknown>> {
  try {
    const body = typeof req.json === 'function' ? await req.json() : req.data
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
