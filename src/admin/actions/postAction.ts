/**
 * What the admin's action boxes (cancel a booking, record an offline payment, refund) share:
 * a POST to one of the service's own endpoints with the admin session cookie, answering
 * either the endpoint's body or the message of the error it gave, ready to show.
 */
export type ActionResult<T> = { ok: true; body: T } | { ok: false; message: string }

export async function postAction<T>(url: string, body: unknown): Promise<ActionResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  const parsed = (await res.json().catch(() => ({}))) as T & {
    errors?: Array<{ message?: string }>
  }
  if (!res.ok) {
    return { ok: false, message: parsed.errors?.[0]?.message ?? `Failed (HTTP ${res.status})` }
  }
  return { ok: true, body: parsed }
}
