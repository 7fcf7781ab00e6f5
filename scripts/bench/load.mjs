#!/usr/bin/env node
/**
 * The load generator of `npm run bench`, run as its own process so it never shares a CPU
 * event loop with the server it measures. Reads a JSON job from the file in argv[2] and
 * prints one JSON result line.
 *
 *   { mode: 'autocannon', url, connections, duration, requests: [{method, path, headers, body}] }
 *   { mode: 'burst', url, batchId, tokens }    500 bookings fired at once, one per token
 */
import fs from 'node:fs'

import autocannon from 'autocannon'

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))

async function load() {
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    requests: job.requests,
    timeout: 10,
  })
  return {
    requests: result.requests.total,
    // Sent includes the requests still in flight when the clock ran out: the server answers
    // them (and queries for them) all the same.
    sent: result.requests.sent,
    requestsPerSecond: result.requests.average,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerResponse: result.requests.total
      ? Math.round(result.throughput.total / result.requests.total)
      : 0,
    statusCodes: result.statusCodeStats,
  }
}

async function burst() {
  const started = performance.now()
  const outcomes = await Promise.all(
    job.tokens.map(async (token) => {
      try {
        const res = await fetch(`${job.url}/api/bookings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
          body: JSON.stringify({ batch: job.batchId }),
        })
        const body = await res.json().catch(() => ({}))
        return { status: res.status, message: body?.errors?.[0]?.message }
      } catch (err) {
        return { status: 0, message: err.message }
      }
    }),
  )
  const settledMs = performance.now() - started
  const byStatus = {}
  const messages = {}
  for (const { status, message } of outcomes) {
    byStatus[status] = (byStatus[status] ?? 0) + 1
    if (status !== 201 && message) {
      messages[message] = (messages[message] ?? 0) + 1
    }
  }
  return { attempts: outcomes.length, settledMs, byStatus, refusals: messages }
}

const output = job.mode === 'burst' ? await burst() : await load()
process.stdout.write(`${JSON.stringify(output)}\n`)
