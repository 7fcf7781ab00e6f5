import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, expect, it } from '@jest/globals'
import pg from 'pg'

import { START_MS, STALL_MS, withinTime } from '../helpers/embeddedPayload'

/**
 * One embedded data folder, one process. A CLI command run while `npm run dev` served the
 * folder used to replace the server's socket and open PGlite on the same files, and the next
 * start crashed. Each opener here is a process of its own (tests/db/openEmbeddedDb.ts), as
 * `npm run dev` and a CLI command are; every wait is bounded.
 */
const SCRIPT = path.resolve('tests/db/openEmbeddedDb.ts')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-embedded-lock-'))
const lockFile = path.join(dataDir, 'opened-by.pid')
const children: ChildProcess[] = []

type Opened = { child: ChildProcess; answer: string; exitCode: Promise<number | null> }

/**
 * Starts an opener and waits for its answer: its `ROWS …` line, or all it wrote if it exited
 * without one (a refused opener prints its reason and exits).
 */
async function open(sql: string, hold = false): Promise<Opened> {
  const args = ['--import', 'tsx', SCRIPT, dataDir, sql, ...(hold ? ['hold'] : [])]
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve))
  let output = ''
  const answer = new Promise<string>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const rows = /^ROWS .*$/m.exec(output)
      if (rows) {
        resolve(rows[0])
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    void exitCode.then(() => resolve(output.trim()))
  })
  return {
    child,
    answer: await withinTime(answer, `Opening ${dataDir} (${sql})`, START_MS),
    exitCode,
  }
}

afterAll(() => {
  for (const child of children) {
    child.kill('SIGKILL')
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

it(
  'refuses a second process while the first serves the folder, and takes over after a kill',
  async () => {
    const holder = await open(
      "create table t (v text); insert into t values ('kept'); select v from t",
      true,
    )
    expect(holder.answer).toBe('ROWS [{"v":"kept"}]')
    expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(holder.child.pid))

    const second = await open('select v from t')

    expect(second.answer).toBe(
      `The embedded database in ${dataDir} is in use by process ${holder.child.pid} ` +
        '(npm run dev?). Stop it first, or set DATABASE_URI.',
    )
    expect(await withinTime(second.exitCode, 'The refused opener exiting')).toBe(1)
    // The holder still serves its own socket, data intact.
    const client = new pg.Client({
      host: dataDir,
      port: 5432,
      user: 'postgres',
      database: 'postgres',
    })
    await withinTime(client.connect(), 'Connecting to the holder')
    const { rows } = await withinTime(client.query('select v from t'), 'Reading from the holder')
    await client.end()
    expect(rows).toEqual([{ v: 'kept' }])

    // An unclean stop leaves the lock (naming a dead process) and the socket behind.
    const killed = holder.exitCode
    holder.child.kill('SIGKILL')
    await withinTime(killed, 'The holder dying')
    expect(fs.existsSync(lockFile)).toBe(true)

    const restart = await open('select v from t')

    expect(restart.answer).toBe('ROWS [{"v":"kept"}]')
    expect(await withinTime(restart.exitCode, 'The restarted opener exiting')).toBe(0)
    // A clean exit gives the folder back.
    expect(fs.existsSync(lockFile)).toBe(false)
  },
  3 * START_MS + 4 * STALL_MS,
)
