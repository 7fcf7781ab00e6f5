#!/usr/bin/env node
/**
 * `npm run bench`: the production server on a large generated dataset, under load.
 *
 *   1. creates a fresh database on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432),
 *      applies the migrations and generates the data (scripts/bench/generate.ts);
 *   2. runs `next build` (skipped with --reuse-build when .next/BUILD_ID exists);
 *   3. starts the production server (`npm start`'s src/server/start.mjs) on a free 127.0.0.1
 *      port with SQL_QUERY_COUNTER on;
 *   4. drives each scenario with autocannon from a separate process (scripts/bench/load.mjs);
 *   5. fires the booking burst, times the trek list's own SQL on PostgreSQL directly;
 *   6. prints a table, writes bench-results/bench-<time>.json, stops the server (by its
 *      PID) and drops the database (unless --keep-db).
 *
 * Options: --reuse-build, --keep-db, --duration=<s> (default 10), --connections=<n> (32),
 * --push (push the schema instead of migrating, for a branch whose migration is pending).
 */
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import pg from 'pg'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=')
    return [key, value ?? 'true']
  }),
)
const DURATION = Number(args.get('duration') ?? 10)
const CONNECTIONS = Number(args.get('connections') ?? 32)
const server = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'
const dbName = `obs_bench_${Date.now()}_${process.pid}`
const databaseUri = `${server}/${dbName}`
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-'))
// One secret for the generator (which signs the trekkers' tokens) and the server (which checks them).
const payloadSecret = crypto.randomBytes(32).toString('hex')
const TARGETS = { listRps: 1500, listP99Ms: 50, burstMs: 3000, rssMb: 500 }

const log = (msg) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`)

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: `${server}/postgres` })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

function run(command, commandArgs, env) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} failed with status ${result.status}`)
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** Every process of the server's tree (next start may fork), for its resident memory. */
function treeRssMb(rootPid) {
  const parents = new Map()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue
    }
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [rootPid]
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) {
      if (parent === tree[i]) {
        tree.push(pid)
      }
    }
  }
  let kb = 0
  for (const pid of tree) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
      kb += match ? Number(match[1]) : 0
    } catch {
      // gone
    }
  }
  return kb / 1024
}

function runLoad(job) {
  const file = path.join(workDir, `job-${crypto.randomUUID()}.json`)
  fs.writeFileSync(file, JSON.stringify(job))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/bench/load.mjs'), file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) => {
      fs.rmSync(file, { force: true })
      if (code !== 0) {
        return reject(new Error(`load generator exited with ${code}`))
      }
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()))
      } catch (err) {
        reject(new Error(`load generator printed no result: ${err.message}`))
      }
    })
  })
}

async function health(url) {
  const res = await fetch(`${url}/api/health`)
  if (!res.ok) {
    throw new Error(`health answered ${res.status}`)
  }
  return res.json()
}

async function waitForServer(url, child, seconds = 90) {
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}`)
    }
    try {
      return await health(url)
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
  }
  throw new Error(`the server did not answer within ${seconds} s`)
}

/**
 * Statements sent for the load alone: waits until requests left in flight have finished
 * (two health checks in a row that add only their own `select 1`), then leaves out every
 * health check's own statement.
 */
async function quietStatementCount(url, before) {
  let checks = 0
  let last = before
  let quiet = 0
  const until = Date.now() + 20_000
  while (quiet < 2 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const now = (await health(url)).sqlStatements
    checks += 1
    quiet = now - last === 1 ? quiet + 1 : 0
    last = now
  }
  return { byLoad: last - before - checks }
}

function percentile(sorted, p) {
  return sorted.length
    ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
    : 0
}

/** The trek list page's own statements, run back to back by 32 clients for the duration. */
async function rawTrekListSql(statements) {
  const pool = new pg.Pool({ connectionString: databaseUri, max: CONNECTIONS })
  const latencies = []
  const until = Date.now() + DURATION * 1000
  try {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const client = await pool.connect()
        try {
          while (Date.now() < until) {
            const started = performance.now()
            for (const { text, values } of statements) {
              await client.query(text, values)
            }
            latencies.push(performance.now() - started)
          }
        } finally {
          client.release()
        }
      }),
    )
  } finally {
    await pool.end()
  }
  latencies.sort((a, b) => a - b)
  return {
    statementsPerPage: statements.length,
    pagesPerSecond: latencies.length / DURATION,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
  }
}

let serverProcess
let dbCreated = false

async function cleanUp() {
  if (serverProcess && serverProcess.exitCode === null) {
    const exited = new Promise((resolve) => serverProcess.once('exit', resolve))
    process.kill(serverProcess.pid, 'SIGTERM')
    const timer = setTimeout(
      () => serverProcess.exitCode === null && process.kill(serverProcess.pid, 'SIGKILL'),
      10_000,
    )
    await exited
    clearTimeout(timer)
  }
  fs.rmSync(workDir, { recursive: true, force: true })
  if (dbCreated && args.get('keep-db') !== 'true') {
    await adminQuery(`drop database if exists "${dbName}" with (force)`).catch((err) =>
      console.error(`Could not drop ${dbName}: ${err.message}`),
    )
  } else if (dbCreated) {
    log(`kept ${databaseUri}`)
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping`)
    void cleanUp().finally(() => process.exit(130))
  })
}

async function main() {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: os.loadavg(),
  }
  log(
    `machine: ${machine.cpus} cores, ${machine.memoryGb} GiB, load ${machine.loadAverageAtStart.map((n) => n.toFixed(1)).join(' ')}`,
  )

  await adminQuery(`create database "${dbName}"`)
  dbCreated = true
  const pgVersion = (await adminQuery('show server_version')).rows[0].server_version
  const cliEnv = {
    DATABASE_URI: databaseUri,
    // Migrations and the data generator write large tables; the server keeps its default limit.
    DATABASE_STATEMENT_TIMEOUT_MS: '0',
    CRON_ENABLED: 'false',
    NODE_OPTIONS: '--conditions=production',
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'development',
    PAYLOAD_SECRET: payloadSecret,
  }
  const push = args.get('push') === 'true'
  if (!push) {
    log('migrating')
    run('npx', ['payload', 'migrate'], cliEnv)
  }
  log('generating data')
  const manifestFile = path.join(workDir, 'manifest.json')
  run('npx', ['payload', 'run', 'scripts/bench/generate.ts'], {
    ...cliEnv,
    DB_PUSH: push ? 'true' : 'false',
    BENCH_MANIFEST: manifestFile,
  })
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'))
  log(`data: ${JSON.stringify(manifest.counts)} in ${manifest.seconds.toFixed(1)} s`)

  const reuse =
    args.get('reuse-build') === 'true' && fs.existsSync(path.join(root, '.next/BUILD_ID'))
  if (!reuse) {
    log('next build')
    const started = Date.now()
    run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URI: databaseUri,
    })
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  } else {
    log('reusing .next')
  }

  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  serverProcess = spawn(
    process.execPath,
    [
      // As `npm start`: a bounded old generation keeps V8 from growing the heap lazily.
      '--max-old-space-size=384',
      path.join(root, 'src/server/start.mjs'),
      '-H',
      '127.0.0.1',
      '-p',
      String(port),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URI: databaseUri,
        PAYLOAD_SECRET: payloadSecret,
        SERVER_URL: url,
        PORT: String(port),
        RAZORPAY_KEY_ID: 'rzp_test_bench',
        RAZORPAY_KEY_SECRET: 'bench-secret',
        RAZORPAY_WEBHOOK_SECRETS: 'bench-webhook-secret',
        RAZORPAY_API_URL: 'http://127.0.0.1:9/v1',
        SMTP_URL: 'smtp://127.0.0.1:9',
        SMS_PROVIDER: 'console',
        CRON_ENABLED: 'false',
        SQL_QUERY_COUNTER: 'true',
      },
    },
  )
  log(`production server on ${url} (pid ${serverProcess.pid})`)
  await waitForServer(url, serverProcess)
  let peakRssMb = treeRssMb(serverProcess.pid)
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, treeRssMb(serverProcess.pid))
  }, 200)

  const auth = { Authorization: `JWT ${manifest.reader.token}` }
  const gqlBody = JSON.stringify({
    query:
      '{ Treks(limit: 20, select: true) { docs { id name slug difficulty durationDays maxAltitude seatsLeft nextBatch { startDate price } region { name } } } }',
  })
  const scenarios = [
    {
      name: 'trek list (20 cards)',
      requests: [{ method: 'GET', path: '/api/treks?limit=20' }],
      list: true,
    },
    {
      name: 'trek detail by slug',
      requests: manifest.slugs.map((slug) => ({ method: 'GET', path: `/api/treks/slug/${slug}` })),
    },
    {
      name: 'batches by slug',
      requests: manifest.slugs.map((slug) => ({
        method: 'GET',
        path: `/api/treks/slug/${slug}/batches`,
      })),
    },
    {
      name: 'GraphQL trek list (select: true)',
      requests: [
        {
          method: 'POST',
          path: '/api/graphql',
          headers: { 'content-type': 'application/json' },
          body: gqlBody,
        },
      ],
    },
    {
      name: "signed-in trekker's bookings",
      requests: [{ method: 'GET', path: '/api/bookings?limit=20', headers: auth }],
    },
    {
      name: 'trek list, signed in (no cache)',
      requests: [{ method: 'GET', path: '/api/treks?limit=20', headers: auth }],
    },
  ]

  // Every distinct request once before measuring: routes are loaded and the public cache holds
  // each URL, so a scenario measures the steady state rather than the cold start of one
  // 10-second run (a cached answer lives PUBLIC_CACHE_SECONDS; a miss costs what the uncached
  // scenarios show).
  for (const scenario of scenarios) {
    for (const request of scenario.requests) {
      const res = await fetch(`${url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      })
      if (!res.ok) {
        throw new Error(`${scenario.name}: warm-up ${request.path} answered ${res.status}`)
      }
      await res.arrayBuffer()
    }
  }

  const results = []
  for (const scenario of scenarios) {
    log(`load: ${scenario.name}`)
    const before = (await health(url)).sqlStatements
    const load = await runLoad({
      mode: 'autocannon',
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: scenario.requests,
    })
    const after = await quietStatementCount(url, before)
    const sqlPerRequest = load.sent ? after.byLoad / load.sent : null
    results.push({ scenario: scenario.name, ...load, sqlPerRequest })
  }

  log('booking burst: 500 attempts on a 20-seat batch')
  const burst = await runLoad({
    mode: 'burst',
    url,
    batchId: manifest.burst.batchId,
    tokens: manifest.burst.tokens,
  })
  const check = new pg.Client({ connectionString: databaseUri })
  await check.connect()
  const { rows } = await check.query(
    `select b.total_seats, b.booked_seats, b.available_seats, b.status,
            (select count(*) from bookings k where k.batch_id = b.id and k.status in ('pending','confirmed'))::int as held
     from batches b where b.id = $1`,
    [manifest.burst.batchId],
  )
  await check.end()
  const row = rows[0]
  Object.assign(burst, {
    seats: Number(row.total_seats),
    held: row.held,
    oversold: Math.max(0, row.held - row.total_seats),
    batchCountsAgree:
      Number(row.booked_seats) === row.held &&
      Number(row.available_seats) === row.total_seats - row.held,
    batchStatus: row.status,
  })

  clearInterval(sampler)
  log("raw PostgreSQL: the trek list page's statements")
  const raw = await rawTrekListSql(manifest.trekListSql)
  const list = results[0]
  const uncachedList = results[5]

  const report = {
    when: new Date().toISOString(),
    machine: { ...machine, postgres: pgVersion, loadAverageAtEnd: os.loadavg() },
    settings: { connections: CONNECTIONS, durationSeconds: DURATION, reusedBuild: reuse },
    data: manifest.counts,
    scenarios: results,
    peakRssMb: Math.round(peakRssMb),
    burst,
    rawPostgres: {
      trekList: raw,
      apiOverRaw: raw.pagesPerSecond ? list.requestsPerSecond / raw.pagesPerSecond : null,
      uncachedApiOverRaw: raw.pagesPerSecond
        ? uncachedList.requestsPerSecond / raw.pagesPerSecond
        : null,
    },
  }
  report.targets = {
    trekListRps: list.requestsPerSecond >= TARGETS.listRps,
    trekListP99: list.latencyMs.p99 < TARGETS.listP99Ms,
    detailAtLeastAsFast:
      results[1].requestsPerSecond >= TARGETS.listRps &&
      results[1].latencyMs.p99 < TARGETS.listP99Ms,
    batchesAtLeastAsFast:
      results[2].requestsPerSecond >= TARGETS.listRps &&
      results[2].latencyMs.p99 < TARGETS.listP99Ms,
    noErrors: results.every((r) => r.errors === 0 && r.non2xx === 0 && r.timeouts === 0),
    burst:
      burst.settledMs < TARGETS.burstMs &&
      burst.held === burst.seats &&
      burst.oversold === 0 &&
      burst.batchCountsAgree,
    rss: report.peakRssMb < TARGETS.rssMb,
  }

  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true })
  const file = path.join(root, 'bench-results', `bench-${report.when.replace(/[:.]/g, '-')}.json`)
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)

  console.log('')
  console.table(
    results.map((r) => ({
      scenario: r.scenario,
      'req/s': Math.round(r.requestsPerSecond),
      'p50 ms': r.latencyMs.p50,
      'p99 ms': r.latencyMs.p99,
      errors: r.errors + r.non2xx + r.timeouts,
      'SQL/req': r.sqlPerRequest === null ? '-' : r.sqlPerRequest.toFixed(2),
      'KB/resp': (r.bytesPerResponse / 1024).toFixed(1),
    })),
  )
  console.log(`peak RSS of the server: ${report.peakRssMb} MB`)
  console.log(
    `burst: ${burst.attempts} attempts settled in ${Math.round(burst.settledMs)} ms; ${burst.held} of ${burst.seats} seats held, ${burst.oversold} oversold; statuses ${JSON.stringify(burst.byStatus)}`,
  )
  console.log(
    `raw PostgreSQL, trek list statements (${raw.statementsPerPage}/page): ${Math.round(raw.pagesPerSecond)} pages/s, p50 ${raw.latencyMs.p50.toFixed(2)} ms, p99 ${raw.latencyMs.p99.toFixed(2)} ms; API/raw ${report.rawPostgres.apiOverRaw?.toFixed(2)} cached, ${report.rawPostgres.uncachedApiOverRaw?.toFixed(2)} uncached`,
  )
  console.log(`targets: ${JSON.stringify(report.targets)}`)
  console.log(`written to ${path.relative(root, file)}`)
}

let status = 0
try {
  await main()
} catch (err) {
  console.error(`bench failed: ${err.stack ?? err.message}`)
  status = 1
} finally {
  await cleanUp()
}
process.exit(status)
