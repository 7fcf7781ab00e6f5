/**
 * Node's jest environment, plus: when a test file is done (all its hooks included), the
 * Payload it started is destroyed and its connection pool ended. Left open, the pools of
 * finished files piled up past PostgreSQL's 100 connections once two jest workers ran side by side.
 * getPayload keeps its instances in `global._payload` (a Map) of the file's own global.
 */
import { TestEnvironment } from 'jest-environment-node'

/**
 * Payload's destroy() leaves its pg pool open, and the idle connections of finished files stay
 * until the worker exits (97 idle ones were seen near the end of a CI run). Ending the
 * pool closes idle clients at once; its promise also waits for checked-out clients, which a
 * test may have leaked, so the wait is bounded rather than awaited to the end.
 */
async function endPool(pool) {
  if (!pool || pool.ending || pool.ended || typeof pool.end !== 'function') {
    return
  }
  const ended = pool.end().catch(() => undefined)
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
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
