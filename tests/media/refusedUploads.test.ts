import { readdir } from 'node:fs/promises'

import { beforeAll, describe, expect, it, jest } from '@jest/globals'
import { type Payload, ValidationError } from 'payload'

import { env } from '@/config/env'

import { pngBuffer } from '../catalog/images'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { sendFile } from './multipart'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

const folder = async () => (await readdir(env.mediaDir).catch(() => [] as string[])).sort()

const mediaCount = async () =>
  (await payload.count({ collection: 'media', overrideAccess: true })).totalDocs

describe('a refused media upload leaves no file behind', () => {
  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  it('refuses a name too long for the resized copies before writing anything', async () => {
    const before = await folder()
    const rows = await mediaCount()

    const res = await sendFile(
      'POST',
      '/media',
      { data: await pngBuffer(2000, 1500), name: `${'b'.repeat(246)}.png`, type: 'image/png' },
      { token: users.trekker.token, data: { alt: 'long name' } },
    )

    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      'The file name is too long: at most 200 bytes are accepted',
    )
    expect(await mediaCount()).toBe(rows)
    expect(await folder()).toEqual(before)
  })

  it('counts the limit in bytes, so a long name in Devanagari is refused too', async () => {
    const res = await sendFile(
      'POST',
      '/media',
      { data: await pngBuffer(64, 64), name: `${'क'.repeat(70)}.png`, type: 'image/png' },
      { token: users.trekker.token },
    )

    expect(res.status).toBe(400)
  })

  it('takes a 200-byte name and stores it with every resized copy', async () => {
    const name = `${'c'.repeat(196)}.png`

    const res = await sendFile(
      'POST',
      '/media',
      { data: await pngBuffer(2000, 1500), name, type: 'image/png' },
      { token: users.trekker.token },
    )

    expect(res.status).toBe(201)
    expect(res.body.doc.filename).toMatch(/^c{196}-[0-9a-f]{10}\.png$/)
    expect(await folder()).toEqual(
      expect.arrayContaining([
        res.body.doc.filename,
        res.body.doc.sizes.thumbnail.filename,
        res.body.doc.sizes.card.filename,
        res.body.doc.sizes.hero.filename,
      ]),
    )
  })

  it('removes the files written for a create the database then refuses', async () => {
    const before = await folder()
    const rows = await mediaCount()

    // The database refuses the insert after the files are written (a NUL in text once did
    // this; writes now drop NULs, so the refusal is made here).
    const db = payload.db as unknown as Record<string, (args: any) => Promise<unknown>>
    const create = db.create.bind(payload.db)
    const refuse = jest.spyOn(db, 'create').mockImplementation(async (args: any) => {
      if (args?.collection === 'media') {
        throw new ValidationError({
          collection: 'media',
          errors: [{ path: 'alt', message: 'refused by the database' }],
        })
      }
      return create(args)
    })
    const res = await sendFile(
      'POST',
      '/media',
      { data: await pngBuffer(1800, 1200), name: 'image.png', type: 'image/png' },
      { token: users.trekker.token, data: { alt: 'refused after the files' } },
    ).finally(() => refuse.mockRestore())

    expect(res.status).toBe(400)
    expect(await mediaCount()).toBe(rows)
    expect(await folder()).toEqual(before)
  })

  it('removes the new files of a replacement refused by validation', async () => {
    const created = await sendFile(
      'POST',
      '/media',
      { data: await pngBuffer(640, 480), name: 'ridge.png', type: 'image/png' },
      { token: users.content.token, data: { alt: 'ridge' } },
    )
    expect(created.status).toBe(201)
    const before = await folder()

    // `alt` is checked after Payload has written the replacement's files.
    const res = await sendFile(
      'PATCH',
      `/media/${created.body.doc.id}`,
      { data: await pngBuffer(900, 600), name: 'other.png', type: 'image/png' },
      { token: users.content.token, data: { alt: 'x'.repeat(301) } },
    )

    expect(res.status).toBe(400)
    expect((await folder()).filter((file) => !before.includes(file))).toEqual([])
    expect((await folder()).filter((file) => file.startsWith('other'))).toEqual([])
  })
})
