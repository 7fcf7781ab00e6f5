#!/usr/bin/env node
/**
 * `npm test`: creates a fresh PostgreSQL database for this run, applies the committed
 * migrations to it (so a missing migration fails here, not in production), runs jest,
 * and drops the database. Extra arguments go to jest, e.g. `npm test -- tests/catalog`.
 *
 * TEST_PG_URL   server to create the database on (default postgres://postgres@127.0.0.1:5432)
 * TEST_DB_PUSH  set to 1 to push the schema instead of migrating, while iterating on fields
 * KEEP_TEST_DB  set to 1 to keep the database afterwards for inspection
 */
import { spawnSync } from 'node:child_process'

import pg from 'pg'

const server = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'
const dbName = `obs_test_${Date.now()}_${process.pid}`
const databaseUri = `${server}/${dbName}`

async function admin(sql) {
  const client = new pg.Client({ connectionString: `${server}/postgres` })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function run(command, args, extraEnv) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URI: databaseUri, ...extraEnv },
  })
  return result.status ?? 1
}

await admin(`create database "${dbName}"`)
let status = 1
try {
  const push = process.env.TEST_DB_PUSH === '1'
  if (!push) {
    status = run('npx', ['payload', 'migrate'], { NODE_OPTIONS: '--conditions=production' })
    if (status !== 0) {
      console.error('Migrations failed: fix them before the tests can run.')
      process.exit(status)
    }
  }
  status = run('npx', ['jest', '--runInBand', '--forceExit', ...process.argv.slice(2)], {
    NODE_OPTIONS: '--experimental-vm-modules --no-deprecation',
    DB_PUSH: push ? 'true' : 'false',
  })
} finally {
  if (process.env.KEEP_TEST_DB !== '1') {
    await admin(`drop database if exists "${dbName}" with (force)`).catch((err) =>
      console.error(`Could not drop ${dbName}: ${err.message}`),
    )
  } else {
    console.log(`Kept test database ${databaseUri}`)
  }
}
process.exit(status)
