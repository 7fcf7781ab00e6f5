import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, expect } from '@jest/globals'
import type { Payload } from 'payload'

import type * as ApiHelpers from './api'
import type * as Fixtures from './fixtures'

/**
 * The embedded database (PGlite) serves one transaction at a time: a query sent outside the
 * open transaction waits for it to end, and a stall would hang the run. Every wait of the
 * embedded-database tests is bounded by these, so a stall fails the test instead.
 */
export const STALL_MS = 20_000
/** Starting PGlite and pushing the whole schema is slow on a busy machine, and not under test. */
export const START_MS = 90_000

export function withinTime<T>(work: Promise<T>, what: string, limitMs = STALL_MS): Promise<T> {
  let timer: NodeJS.Timeout
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${limitMs} ms`)),
      limitMs,
    )
  })
  return Promise.race([work, stalled]).finally(() => clearTimeout(timer))
}

export type EmbeddedPayload = {
  payload: Payload
  api: typeof ApiHelpers.api
  createUser: typeof Fixtures.createUser
  /** The throwaway folder PGlite keeps its data in. */
  dataDir: string
}

// Kept here as well as returned, so the file's afterAll can clean up after a start that failed.
let dataDir: string | undefined
let started: Payload | undefined

/**
 * Starts Payload on its own throwaway embedded database, in a fresh folder named from
 * `dirPrefix`, instead of the run's PostgreSQL. The configuration reads the environment
 * when first imported, so the helpers that load it are imported only after it is set.
 */
export async function startOnEmbeddedDb(dirPrefix: string): Promise<EmbeddedPayload> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), dirPrefix))
  delete process.env.DATABASE_URI
  process.env.EMBEDDED_DB_DIR = dataDir
  process.env.DB_PUSH = 'true'

  const { testPayload } = await import('./payload')
  const { api } = await import('./api')
  const { createUser } = await import('./fixtures')
  started = await withinTime(testPayload(), 'Starting Payload on the embedded database', START_MS)
  return { payload: started, api, createUser, dataDir }
}

/** Closes Payload (bounded, ignoring a failure) and removes the embedded database's folder. */
export async function stopEmbeddedDb(): Promise<void> {
  await withinTime(started?.destroy() ?? Promise.resolve(), 'Closing Payload').catch(() => {})
  if (dataDir) {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * The enclosing file runs on its own throwaway embedded database, not the run's PostgreSQL:
 * started before its tests (and checked to keep its data in its own folder), closed and
 * removed after them. `receive` hands Payload and the helpers bound to it to the file.
 */
export function useEmbeddedDb(dirPrefix: string, receive: (embedded: EmbeddedPayload) => void) {
  beforeAll(async () => {
    const embedded = await startOnEmbeddedDb(dirPrefix)
    expect(fs.existsSync(path.join(embedded.dataDir, 'pgdata'))).toBe(true)
    receive(embedded)
  }, START_MS + STALL_MS)

  afterAll(stopEmbeddedDb, 2 * STALL_MS)
}
