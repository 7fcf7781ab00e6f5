#!/usr/bin/env node
/**
 * `npm run test:e2e`: browser tests of the admin and the API docs against a production build.
 *
 * Creates a fresh database on TEST_PG_URL, migrates it (or pushes the schema with
 * E2E_DB_PUSH=1 when the branch's collections are ahead of the migrations), seeds minimal
 * data (scripts/e2e/seed.ts), runs `next build` and the production server (`npm start`'s
 * src/server/start.mjs) on a free 127.0.0.1 port,
 * runs jest with jest.e2e.config.js (tests/e2e), stops the server by its PID and drops the
 * database. The browser is Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium);
 * nothing is downloaded. Screenshots land in test-results/ (git-ignored).
 *
 * E2E_SKIP_BUILD=1  reuse the existing .next build   KEEP_E2E_DB=1  keep the database
 * E2E_PORT=3731    serve on this port instead of a free one (machines shared by several runs)
 * E2E_DB_PREFIX=x_ start the database's name with this (default obs_e2e_)
 * Extra arguments go to jest, e.g. `npm run test:e2e -- -t dashboards`.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, realpathSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

import pg from 'pg'

const root = process.cwd()
const server = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'
const dbName = `${process.env.E2E_DB_PREFIX ?? 'obs_e2e_'}${Date.now()}_${process.pid}`
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const resultsDir = path.join(root, 'test-results')
const fixtureFile = path.join(resultsDir, 'e2e-fixture.json')
const started = Date.now()

const log = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}`)

async function admin(sql) {
  const client = new pg.Client({ connectionString: `${server}/postgres` })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

function run(command, args, env, timeoutMs) {
  const result = spawnSync(command, args, { stdio: 'inherit', env, timeout: timeoutMs })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`)
  }
}

/**
 * Turbopack compiles only files under the project root; a git worktree whose node_modules
 * is a symlink to another checkout cannot be built by it, so such a checkout uses webpack.
 */
function bundlerFlag() {
  const modules = path.join(root, 'node_modules')
  const linked = lstatSync(modules).isSymbolicLink()
  return linked && !realpathSync(modules).startsWith(`${root}${path.sep}`) ? ['--webpack'] : []
}

async function waitForHealth(url, serverProcess, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (serverProcess.exitCode !== null) {
      throw new Error(`next start exited with ${serverProcess.exitCode}`)
    }
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the server did not answer ${url}/api/health within ${timeoutMs / 1000}s`)
}

if (!existsSync(chromium)) {
  console.error(`No browser at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH).`)
  process.exit(1)
}
mkdirSync(resultsDir, { recursive: true })

const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort()
const baseUrl = `http://127.0.0.1:${port}`
const databaseUri = `${server}/${dbName}`
const dead = 'http://127.0.0.1:9'
// Production needs every secret; these are local stand-ins, and every outside service
// points at a closed port on this machine so nothing can leave it.
const appEnv = {
  ...process.env,
  DATABASE_URI: databaseUri,
  PAYLOAD_SECRET: 'e2e-secret-0123456789-0123456789-0123456789',
  SERVER_URL: baseUrl,
  PORT: String(port),
  NEXT_TELEMETRY_DISABLED: '1',
  CRON_ENABLED: 'false',
  RAZORPAY_KEY_ID: 'rzp_test_e2e',
  RAZORPAY_KEY_SECRET: 'e2e-razorpay-secret',
  RAZORPAY_WEBHOOK_SECRETS: 'e2e-webhook-secret',
  RAZORPAY_API_URL: `${dead}/v1`,
  GOOGLE_CERTS_URL: `${dead}/certs`,
  APPLE_KEYS_URL: `${dead}/keys`,
  SMS_PROVIDER: 'http',
  SMS_HTTP_URL: `${dead}/sms`,
  SMTP_URL: 'smtp://127.0.0.1:9',
}
const cliEnv = { ...appEnv, NODE_ENV: 'development', NODE_OPTIONS: '--conditions=production' }

let nextServer
let status = 1
let cleaned = false

async function cleanUp() {
  if (cleaned) {
    return
  }
  cleaned = true
  if (nextServer?.pid && nextServer.exitCode === null) {
    // The server was started in its own process group: stop exactly that group.
    process.kill(-nextServer.pid, 'SIGTERM')
  }
  if (process.env.KEEP_E2E_DB !== '1') {
    await admin(`drop database if exists "${dbName}" with (force)`).catch((err) =>
      console.error(`Could not drop ${dbName}: ${err.message}`),
    )
  } else {
    console.log(`Kept e2e database ${databaseUri}`)
  }
}

// CI bounds the run with `timeout`: stopped early, the server and database still go.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    log(`stopped by ${signal}`)
    cleanUp().finally(() => process.exit(1))
  })
}
await admin(`create database "${dbName}"`)
try {
  const push = process.env.E2E_DB_PUSH === '1'
  if (!push) {
    log('migrating')
    run('npx', ['payload', 'migrate'], { ...cliEnv, DB_PUSH: 'false' }, 120_000)
  }
  log(push ? 'pushing the schema and seeding' : 'seeding')
  run(
    'npx',
    ['payload', 'run', 'scripts/e2e/seed.ts', fixtureFile],
    { ...cliEnv, DB_PUSH: String(push) },
    120_000,
  )

  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    log('reusing the existing build')
  } else {
    const flags = bundlerFlag()
    log(`next build ${flags.join(' ')}`.trim())
    run('npx', ['next', 'build', ...flags], { ...appEnv, NODE_ENV: 'production' }, 480_000)
  }

  log(`production server (npm start) on ${baseUrl}`)
  // Node runs the server directly (not through npm) so the PID is the server's own process.
  const serverScript = path.join(root, 'src', 'server', 'start.mjs')
  nextServer = spawn(process.execPath, [serverScript, '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...appEnv, NODE_ENV: 'production', DB_PUSH: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  })
  await waitForHealth(baseUrl, nextServer, 60_000)

  log('running the browser tests')
  const jest = spawnSync(
    'npx',
    [
      'jest',
      '--config',
      'jest.e2e.config.js',
      '--runInBand',
      '--forceExit',
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      timeout: 480_000,
      env: {
        ...process.env,
        NODE_OPTIONS: '--experimental-vm-modules --no-deprecation',
        E2E_BASE_URL: baseUrl,
        E2E_FIXTURE: fixtureFile,
        E2E_RESULTS: resultsDir,
        CHROMIUM_PATH: chromium,
      },
    },
  )
  status = jest.status ?? 1
} catch (err) {
  console.error(err.message)
  status = 1
} finally {
  await cleanUp()
  log(`done (${status === 0 ? 'passed' : 'failed'})`)
}
process.exit(status)
