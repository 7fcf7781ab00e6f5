import { AsyncLocalStorage } from 'node:async_hooks'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

/** Seconds a client should wait before trying again; a restart or failover takes about this. */
export const RETRY_AFTER_SECONDS = 10

const MESSAGE =
  'The service cannot reach its database right now, so your sign-in could not be checked. Try again shortly.'

/** What this request found out about the database while it was being signed in. */
const outage = new AsyncLocalStorage<{ databaseDown: boolean }>()

/**
 * Called by the sign-in strategy when a token's user could not be loaded because the database
 * is down. Payload catches and logs whatever a strategy throws and goes on to the next one, so
 * a throw cannot stop the request; the fact is kept for the route around it instead.
 */
export function markDatabaseDownWhileSigningIn() {
  const state = outage.getStore()
  if (state) {
    state.databaseDown = true
  }
}

export const databaseUnavailableResponse = () =>
  Response.json(
    { errors: [{ message: MESSAGE }] },
    { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } },
  )

/**
 * A request with a token while the database is down answers 503 with `Retry-After`, as
 * `/api/health` does, instead of the anonymous answer Payload gives once the user could not be
 * loaded (401, or `user: null` from `/me`): the app must keep its session and retry, not sign
 * the person out. Whatever the anonymous request did is replaced; with the database away it
 * could not write anything.
 */
export function withDatabaseOutageAs503<Context>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    const state = { databaseDown: false }
    try {
      const response = await outage.run(state, () => handler(request, context))
      return state.databaseDown ? databaseUnavailableResponse() : response
    } catch (err) {
      if (state.databaseDown) {
        return databaseUnavailableResponse()
      }
      throw err
    }
  }
}
