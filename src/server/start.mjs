#!/usr/bin/env node
/**
 * The production server (`npm start`): Next's own request handler behind a plain Node HTTP
 * server that first offers each request to the public catalog cache.
 *
 * A cache hit costs a map lookup and one shared generation read; Next's routing around it
 * costs several times more, and the trek list is the most-hit page of the apps. So a fresh
 * cached answer to an anonymous catalog GET is written here directly; everything else,
 * misses included, goes to Next exactly as `next start` would send it, and the miss refills
 * the cache. The cache object lives in the route handlers' bundle, which registers it on
 * `globalThis` (src/catalog/publicCache/responseCache.ts); until the first catalog request
 * has gone through Next there is none, and every request goes to Next.
 *
 * Options as `next start`: -H/--hostname (default 0.0.0.0), -p/--port (default PORT or 3000).
 */
import { createServer } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

process.env.NODE_ENV = 'production'
process.env.NEXT_TELEMETRY_DISABLED = '1'

const { default: next } = await import('next')
const { staticContentSecurityPolicy, securityHeaders } = await import('../../next.config.mjs')

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function option(short, long) {
  const args = process.argv.slice(2)
  const index = args.findIndex((arg) => arg === short || arg === long)
  return index >= 0 ? args[index + 1] : undefined
}

const hostname = option('-H', '--hostname') ?? '0.0.0.0'
const port = Number(option('-p', '--port') ?? process.env.PORT ?? 3000)
const CACHE_REGISTRY = Symbol.for('obs.publicCatalogCache')

// next.config.mjs sends these on every response; catalog API paths also get the CSP.
const configuredHeaders = [
  ...securityHeaders.map(({ key, value }) => [key, value]),
  ['Content-Security-Policy', staticContentSecurityPolicy],
]

/** Each cached body is compressed once, on its first hit from a client that accepts gzip. */
const gzipped = new WeakMap()

function acceptsGzip(req) {
  const accepted = String(req.headers['accept-encoding'] ?? '')
  return /(^|,)\s*gzip\s*(,|$|;(?!\s*q=0(\.0*)?\s*(,|$)))/i.test(accepted)
}

function compressedBody(body) {
  let gzip = gzipped.get(body.buffer)
  if (!gzip) {
    gzip = gzipSync(body)
    gzipped.set(body.buffer, gzip)
  }
  return gzip
}

const app = next({ dev: false, dir: root, hostname, port })
const handle = app.getRequestHandler()
await app.prepare()

/** Writes the cached answer and returns true, or returns false to let Next answer. */
async function answerFromCache(req, res) {
  const cache = globalThis[CACHE_REGISTRY]
  if (!cache || req.method !== 'GET') {
    return false
  }
  let answer
  try {
    answer = await cache.lookup({
      method: req.method,
      target: req.url ?? '/',
      header: (name) => {
        const value = req.headers[name]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    })
  } catch {
    // The generation could not be read: only Payload itself can answer safely.
    return false
  }
  if (!answer) {
    return false
  }
  for (const [name, value] of configuredHeaders) {
    res.setHeader(name, value)
  }
  for (const [name, value] of answer.headers) {
    res.setHeader(name, value)
  }
  // As Next does for the same response: compressed when the client accepts it.
  res.setHeader('vary', 'Accept-Encoding')
  const body = acceptsGzip(req) ? compressedBody(answer.body) : answer.body
  if (body !== answer.body) {
    res.setHeader('content-encoding', 'gzip')
  }
  res.setHeader('content-length', body.byteLength)
  res.writeHead(answer.status)
  res.end(body)
  return true
}

const server = createServer((req, res) => {
  answerFromCache(req, res)
    .then((answered) => (answered ? undefined : handle(req, res)))
    .catch((err) => {
      console.error('request failed', err)
      if (!res.headersSent) {
        res.statusCode = 500
        res.end()
      }
    })
})

/**
 * Payload starts on the first request, and so does its check of the production settings:
 * the server asks itself for /api/health before saying it is ready, so a missing setting
 * stops the process at once (exit 1, the error printed above) instead of answering 500 to
 * everyone behind a load balancer that saw it listening. A database that is down (503) is
 * not a reason to exit: it may come back, and health says so meanwhile.
 */
async function warmUp() {
  const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname
  const res = await fetch(`http://${host}:${port}/api/health`).catch((err) => ({ err }))
  if ('err' in res || (res.status >= 500 && res.status !== 503)) {
    console.error('OBS could not start: see the error above.')
    process.exit(1)
  }
  if (res.status === 503) {
    console.warn('OBS is up, but its database is not answering yet (see /api/health).')
  }
  process.stdout.write(`> OBS ready on http://${hostname}:${port}\n`)
}

server.listen(port, hostname, () => {
  warmUp()
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    // Keep-alive connections would hold close() open; they are ended after a grace period.
    setTimeout(() => process.exit(0), 5000).unref()
  })
}
