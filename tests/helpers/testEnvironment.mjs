/**
 * Node's jest environment, plus: when a test file is done (all its hooks included), the
 * Payload it started closes its connection pool. Left to time out, the pools of finished
 * files piled up past PostgreSQL's 100 connections once two jest workers ran side by side.
 * getPayload keeps its instances in `global._payload` (a Map) of the file's own global.
 */
import { TestEnvironment } from 'jest-environment-node'

export default class ClosingPayloadEnvironment extends TestEnvironment {
  async teardown() {
    const cached = this.global._payload
    if (cached && typeof cached.values === 'function') {
      for (const entry of cached.values()) {
        const payload = entry?.payload ?? (await entry?.promise?.catch?.(() => undefined))
        await payload?.destroy?.().catch(() => undefined)
      }
    }
    await super.teardown()
  }
}
