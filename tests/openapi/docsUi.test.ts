import { beforeAll, describe, expect, it } from '@jest/globals'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'

describe('GET /api/docs', () => {
  beforeAll(async () => {
    await testPayload()
  })

  it('serves a Swagger UI page whose every asset comes from this server', async () => {
    const res = await api('GET', '/docs')

    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const urls = [...String(res.body).matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url)
    expect(urls.sort()).toEqual([
      '/api/docs/favicon-32x32.png',
      '/api/docs/init.js',
      '/api/docs/swagger-ui-bundle.js',
      '/api/docs/swagger-ui.css',
    ])
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('serves the assets from the installed swagger-ui-dist package', async () => {
    const bundle = await api('GET', '/docs/swagger-ui-bundle.js')
    const css = await api('GET', '/docs/swagger-ui.css')
    const init = await api('GET', '/docs/init.js')

    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toContain('text/javascript')
    expect(String(bundle.body)).toContain('SwaggerUIBundle')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
    expect(String(init.body)).toContain("url: '/api/openapi.json'")
    expect(String(init.body)).toContain('validatorUrl: null')
  })

  it('refuses any other file, including paths that climb out of the package', async () => {
    for (const path of ['/docs/package.json', '/docs/index.html', '/docs/..%2F..%2Fpackage.json']) {
      const res = await api('GET', path)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ errors: [{ message: 'Not found' }] })
    }
  })
})
