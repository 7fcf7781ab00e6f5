#!/usr/bin/env node
/**
 * `npm test`: creates a fresh PostgreSQL database for this run, applies the committed
 * migrations to it (so a missing migration fails here, not in production), runs jest,
 * and drops the database. Extra arguments go to jest, e.g. `npm test -- tests/catalog`.
 *
 * Test files run in JEST_WORKERS parallel processes (default 2, one per core here); each
 * worker gets its own copy of the migrated database, so files never see each other's rows,
 * exactly as when they ran one after another.
 *
 * TEST_PG_URL   server to create the database on (default postgres://postgres@127.0.0.1:5432)
 * TEST_DB_PUSH  set to 1 to push the schema instead of migrating, while iterating on fields
 * KEEP_TEST_DB  set to 1 to keep the database afterwards for inspection
 * JEST_WORKERS  parallel test processes (1 runs every file in one process)
 */
import { spawnSync } from 'node:child_process'
import os from 'node:os'

import pg from 'pg'

const server = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'
const dbName = `obs_test_${Date.now()}_${process.pid}`
const databaseUri = `${server}/${dbName}`
const workers = Math.max(1, Number(process.env.JEST_WORKERS ?? Math.min(2, os.cpus().length)))
const workerDbNames = Array.from({ length: workers }, (_, i) => `${dbName}_w${i + 1}`)

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
  // A database used as a template must have no other session, so copies are made in turn.
  for (const name of workerDbNames) {
    await admin(`create database "${name}" template "${dbName}"`)
  }
  const parallelism = workers === 1 ? ['--runInBand'] : [`--maxWorkers=${workers}`]
  status = run('npx', ['jest', ...parallelism, '--forceExit', ...process.argv.slice(2)], {
    NODE_OPTIONS: '--experimental-vm-modules --no-deprecation',
    DB_PUSH: push ? 'true' : 'false',
    // tests/helpers/setupEnv.ts appends the worker's number: <this>_w1, <this>_w2, ...
    TEST_WORKER_DATABASE_PREFIX: databaseUri,
  })
} finally {
  if (process.env.KEEP_TEST_DB !== '1') {
    for (const name of [dbName, ...workerDbNames]) {
      await admin(`drop database if exists "${name}" with (force)`).catch((err) =>
        console.error(`Could not drop ${name}: ${err.message}`),
      )
    }
  } else {
    console.log(`Kept test databases ${databaseUri} and its _w1.._w${workers} copies`)
  }
}
process.exit(status)
