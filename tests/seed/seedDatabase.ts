import { spawn } from 'node:child_process'
import path from 'node:path'

import pg from 'pg'

import { FAST_PASSWORD_HASHING } from '../helpers/childNode'

/**
 * A PostgreSQL database of the seed tests' own, next to the run's shared one: the seed
 * only works on an empty database, which the shared one never is.
 */
export function dedicatedDatabase(suffix: string) {
  const shared = new URL(process.env.DATABASE_URI!)
  const name = `${shared.pathname.slice(1)}_${suffix}`
  const serverUrl = (database: string) => {
    const url = new URL(shared)
    url.pathname = `/${database}`
    return url.toString()
  }

  async function admin(sql: string) {
    const client = new pg.Client({ connectionString: serverUrl('postgres') })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }

  return {
    uri: serverUrl(name),
    create: () => admin(`create database "${name}"`),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
    async query<T extends pg.QueryResultRow = any>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: serverUrl(name) })
      await client.connect()
      try {
        return (await client.query<T>(sql, params)).rows
      } finally {
        await client.end()
      }
    },
  }
}

export type CliResult = { code: number | null; output: string }

/** Runs `npm run seed`'s command (`payload run src/seed/run.ts`) as its own process. */
export function runSeedCli(
  databaseUri: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const bin = path.resolve('node_modules/payload/bin.js')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'run', 'src/seed/run.ts'], {
      env: {
        ...process.env,
        DATABASE_URI: databaseUri,
        DB_PUSH: 'false',
        NODE_OPTIONS: `--conditions=production ${FAST_PASSWORD_HASHING}`,
        NEXT_TELEMETRY_DISABLED: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}
