/**
 * Node's jest environment, plus: when a test file is done (all its hooks included), the
 * Payload it started is destroyed and its connection pool ended. Left open, the pools of
 * finished files piled up past PostgreSQL's 100 connections once two jest workers ran side by side.
 * getPayload keeps its instances in `global._payload` (a Map) of the file's own global.
 */
import { TestEnvironment } from 'jest-environment-node'

/**
 * Payload's destroy() leaves its pg pool open, and the idle connections of finished files stay
 * until the worker exits (97 idle ones were seen near the end of a CI run). Ending the pool
 * closes idle clients at once, but its promise waits for every checked-out client, and one is
 * always checked out: the Postgres adapter takes a client when it connects and never releases
 * it (`connectWithReconnect` in @payloadcms/db-postgres keeps it to hear ECONNRESET). So each
 * finished file still left that one connection open, idle, until its worker exited. Releasing
 * the clients still checked out once the pool is ending makes the pool close them too (a
 * client a test left in a transaction is closed the same way, which rolls it back). The wait
 * stays bounded in case a client cannot be closed.
 */
async function endPool(pool) {
  if (!pool || pool.ending || pool.ended || typeof pool.end !== 'function') {
    return
  }
  const ended = pool.end().catch(() => undefined)
  for (const client of checkedOutClients(pool)) {
    try {
      client.release?.()
    } catch {
      // Already released meanwhile: the pool closes it itself.
    }
  }
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
}

/** pg-pool keeps every client in `_clients` and the idle ones in `_idle`; it has no public list. */
function checkedOutClients(pool) {
  const idle = new Set((pool._idle ?? []).map((item) => item.client))
  return (pool._clients ?? []).filter((client) => !idle.has(client))
}

export default class ClosingPayloadEnvironment extends TestEnvironment {
  async teardown() {
    const cached = this.global._payload
    if (cached && typeof cached.values === 'function') {
      for (const entry of cached.values()) {
        const payload = entry?.payload ?? (await entry?.promise?.catch?.(() => undefined))
        await payload?.destroy?.().catch(() => undefined)
        await endPool(payload?.db?.pool)
      }
    }
    await super.teardown()
  }
}
