import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { api } from '../helpers/api'
import { createRoleUsers, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { graphqlPost, viaRoute } from './route'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>
const LIMIT = 4096
const savedLimit = env.limits.apiBodyBytes

/** A body streamed in chunks with no Content-Length, the way `Transfer-Encoding: chunked` arrives. */
function chunked(text: string, chunkSize = 512): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close()
        return
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize))
      offset += chunkSize
    },
  })
}

const countRegions = async () =>
  (await payload.count({ collection: 'regions', overrideAccess: true })).totalDocs

beforeAll(async () => {
  payload = await testPayload()
  users = await createRoleUsers(payload)
  env.limits.apiBodyBytes = LIMIT
})

afterAll(() => {
  env.limits.apiBodyBytes = savedLimit
})

describe('API request bodies over API_BODY_LIMIT_BYTES are 413 and write nothing', () => {
  const huge = () => JSON.stringify({ name: unique('Big'), description: 'x'.repeat(LIMIT * 2) })
  const auth = () => ({
    Authorization: `JWT ${users.super_admin.token}`,
    'Content-Type': 'application/json',
  })

  it('refuses a declared Content-Length over the limit', async () => {
    const before = await countRegions()

    const res = await viaRoute('POST', '/api/regions', {
      headers: auth(),
      body: huge(),
    })

    expect(res.status).toBe(413)
    expect(res.body.errors[0].message).toBe(
      `The request body is larger than the limit of ${LIMIT} bytes`,
    )
    expect(await countRegions()).toBe(before)
  })

  it('refuses a chunked body without Content-Length once it passes the limit', async () => {
    const before = await countRegions()

    const res = await viaRoute('PATCH', '/api/regions?where[id][exists]=true', {
      headers: auth(),
      body: chunked(huge()),
      duplex: 'half',
    })

    expect(res.status).toBe(413)
    expect(await countRegions()).toBe(before)
  })

  it('passes a chunked body under the limit to Payload intact', async () => {
    const name = unique('Chunked')

    const res = await viaRoute('POST', '/api/regions', {
      headers: auth(),
      body: chunked(JSON.stringify({ name, description: 'y'.repeat(1500) }), 100),
      duplex: 'half',
    })

    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({ name, description: 'y'.repeat(1500) })
  })

  it('limits custom endpoints and GraphQL the same way', async () => {
    const otp = await viaRoute('POST', '/api/users/otp/request', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '9'.repeat(LIMIT) }),
    })
    const gql = await viaRoute(
      'POST',
      '/api/graphql',
      {
        headers: { 'Content-Type': 'application/json' },
        body: chunked(JSON.stringify({ query: `{ Treks { totalDocs } } #${'z'.repeat(LIMIT)}` })),
        duplex: 'half',
      },
      graphqlPost,
    )

    expect(otp.status).toBe(413)
    expect(gql.status).toBe(413)
    expect((await api('GET', '/health')).status).toBe(200)
  })
})

describe('uploads: their own size limit, checked types and safe names', () => {
  it(`refuses a file over UPLOAD_MAX_FILE_BYTES (${env.limits.uploadFileBytes}) with 413`, async () => {
    const before = await payload.count({ collection: 'media', overrideAccess: true })
    const png = await pngBuffer(64, 64)
    const big = Buffer.concat([png, Buffer.alloc(env.limits.uploadFileBytes + 1024)])

    const res = await upload(
      'media',
      { data: big, name: 'big.png', type: 'image/png' },
      { token: users.content.token },
    )

    expect(res.status).toBe(413)
    expect((await payload.count({ collection: 'media', overrideAccess: true })).totalDocs).toBe(
      before.totalDocs,
    )
  })

  it('stores a traversal file name as a plain name inside the media folder', async () => {
    const png = await pngBuffer(64, 64)

    const res = await upload(
      'media',
      { data: png, name: '../../../etc/passwd.png', type: 'image/png' },
      { token: users.content.token, data: { alt: 'escape attempt' } },
    )

    expect(res.status).toBe(201)
    expect(res.body.doc.filename).not.toMatch(/[\\/]|\.\./)
  })

  it('refuses a file whose bytes are not an image or a GPX track, whatever its name', async () => {
    const res = await upload(
      'media',
      { data: '<?php system($_GET["c"]); ?>', name: 'shell.php.png', type: 'image/png' },
      { token: users.content.token },
    )

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/only JPEG, PNG or WebP images and GPX tracks/)
  })
})
