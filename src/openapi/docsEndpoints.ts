import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { Endpoint } from 'payload'

/**
 * Swagger UI served entirely from this server, out of the pinned swagger-ui-dist package:
 * the docs must work on a closed network and may not pull scripts from a CDN.
 */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

/**
 * Found on disk the way Node would find the package from the project root. Not through
 * `require.resolve`: the server bundle rewrites that into a module number.
 */
function distDir(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'swagger-ui-dist')
    if (existsSync(path.join(candidate, 'package.json'))) {
      return candidate
    }
    if (path.dirname(dir) === dir) {
      throw new Error('swagger-ui-dist is not installed')
    }
  }
}

const cache = new Map<string, Buffer>()

async function asset(name: string): Promise<Buffer> {
  let content = cache.get(name)
  if (!content) {
    content = await readFile(path.join(distDir(), name))
    cache.set(name, content)
  }
  return content
}

// No external validator badge (it would call out to a public host) and no inline script.
// Tags start collapsed: with every operation listed open (about 150), Swagger UI 5 stopped
// after the first tag in Chromium and the rest of the page never appeared.
const initScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'none',
    validatorUrl: null,
    tryItOutEnabled: false,
  })
})
`

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>OBS API · docs</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
].join('; ')

export const docsPageEndpoint: Endpoint = {
  path: '/docs',
  method: 'get',
  handler: () =>
    new Response(page, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': contentSecurityPolicy,
      },
    }),
}

export const docsAssetEndpoint: Endpoint = {
  path: '/docs/:asset',
  method: 'get',
  handler: async (req) => {
    const name = String(req.routeParams?.asset ?? '')
    const headers = { 'Cache-Control': 'public, max-age=3600' }
    if (name === 'init.js') {
      return new Response(initScript, {
        headers: { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' },
      })
    }
    // An own key only: `constructor` or `__proto__` found Object's members and read no file (500).
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined
    if (!type) {
      return Response.json({ errors: [{ message: 'Not found' }] }, { status: 404 })
    }
    return new Response(new Uint8Array(await asset(name)), {
      headers: { ...headers, 'Content-Type': type },
    })
  },
}
