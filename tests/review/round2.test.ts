import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, qs } from '../helpers/api'
import { createCatalog, createRoleUsers } from '../helpers/fixtures'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

import { env } from '@/config/env'

import { startSmtpFake } from '../fakes/smtp'
import { runJobs } from '../helpers/jobs'

import { testPayload } from '../helpers/payload'
import { batchRow, book, bookableBatch, readyTrekker } from '../bookings/support'
import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'

/**
 * Second review round. Payload mounts `POST /api/<collection>/:id/duplicate` on every
 * collection that is not an auth collection; a duplicate runs the create operation with the
 * original document as its starting point, so whatever a create hook reads from
 * `originalDoc` and whatever server-owned field the copy inherits is attacker-shaped.
 */
describe('review round 2: duplicate endpoint and query validation', () => {
  let payload: Payload
  let roles: Awaited<ReturnType<typeof createRoleUsers>>

  const trekRow = async (id: number) =>
    (await payload.findByID({ collection: 'treks', id, depth: 0, overrideAccess: true })) as any

  beforeAll(async () => {
    payload = await testPayload()
    roles = await createRoleUsers(payload)
  })

  // The contract lets content save treks as drafts only (trek `status`: content "draft only").
  // guardTrekStatus compares the new status with `originalDoc.status`; on a duplicate the
  // "original" is the live trek being copied, so an active copy looks like no change at all.
  it('content cannot publish a new trek by duplicating a live one (REST)', async () => {
    const { trek } = await createCatalog(payload)
    expect(trek.status).toBe('active')

    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.content.token,
      body: {},
    })

    // Either refused, or the copy is a draft: a content editor never puts a trek on sale.
    if (res.status < 300) {
      expect((await trekRow(res.body.doc.id)).status).toBe('draft')
    } else {
      expect(res.status).toBe(403)
    }
  })

  it('anonymous callers see no trek that content put live through a duplicate', async () => {
    const { trek } = await createCatalog(payload)
    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.content.token,
      body: {},
    })
    const copyId = res.body?.doc?.id
    const publicRead = await api('GET', `/treks?${qs({ where: { id: { equals: copyId ?? 0 } } })}`)
    expect(publicRead.status).toBe(200)
    expect(publicRead.body.totalDocs).toBe(0)
  })

  // nextBatch and seatsLeft are the list card of the trek's own next open batch, maintained by
  // the server. A copy has no batches, yet it inherits the original's card, so the public list
  // advertises a departure date and price that cannot be booked.
  it('a duplicated trek does not inherit the original’s next departure card', async () => {
    const { trek } = await createCatalog(payload, { price: 23456 })
    const original = await trekRow(trek.id)
    expect(original.nextBatch?.price).toBe(23456)

    const res = await api('POST', `/treks/${trek.id}/duplicate?depth=0`, {
      token: roles.ops_manager.token,
      body: {},
    })
    expect(res.status).toBe(200)
    const copy = await trekRow(res.body.doc.id)
    const { totalDocs } = await payload.count({
      collection: 'batches',
      where: { trek: { equals: copy.id } },
      overrideAccess: true,
    })
    expect(totalDocs).toBe(0)
    expect(copy.nextBatch?.price ?? null).toBeNull()
    expect(copy.nextBatch?.startDate ?? null).toBeNull()
  })

  it('a duplicated batch starts with no booked seats', async () => {
    const { batch } = await bookableBatch(payload, { seats: 5 })
    const trekker = await readyTrekker(payload)
    expect((await book(trekker.token, batch.id)).status).toBe(201)
    expect(await batchRow(payload, batch.id)).toMatchObject({ bookedSeats: 1 })

    const res = await api('POST', `/batches/${batch.id}/duplicate?depth=0`, {
      token: roles.ops_manager.token,
      body: {},
    })
    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({ bookedSeats: 0, availableSeats: 5 })
  })

  it('a trekker duplicating someone else’s post gets a post of their own, not an impersonation', async () => {
    const body = {
      root: {
        type: 'root',
        version: 1,
        direction: null,
        format: '',
        indent: 0,
        children: [
          {
            type: 'paragraph',
            version: 1,
            direction: null,
            format: '',
            indent: 0,
            textFormat: 0,
            children: [
              {
                type: 'text',
                version: 1,
                text: 'summit day',
                format: 0,
                detail: 0,
                mode: 'normal',
                style: '',
              },
            ],
          },
        ],
      },
    }
    const post = await api('POST', '/posts?depth=0', {
      token: roles.trekker.token,
      body: { kind: 'feed', body },
    })
    expect(post.status).toBe(201)
    const other = await createRoleUsers(payload)
    const copy = await api('POST', `/posts/${post.body.doc.id}/duplicate?depth=0`, {
      token: other.trekker.token,
      body: {},
    })
    if (copy.status < 300) {
      expect(copy.body.doc.author).toBe(other.trekker.id)
    }
    expect(copy.status).toBeLessThan(500)
  })

  // Payload's validateQueryPaths pushes the check of a nested relation path into its list of
  // promises after it has already awaited that list, so the refusal of the inner path is
  // never awaited: the caller gets a 400 and the process gets an unhandled rejection
  // (`⨯ unhandledRejection: QueryError` in the production log, one per request). Node's
  // default for unhandled rejections is to crash; Next's server only survives because it
  // installs its own handler, and anyone can send this query anonymously:
  //   curl -g 'localhost:3000/api/batches?where[guide.user.email][like]=a'
  // Skipped, not `failing`: Jest itself reports the stray rejections as errors of whichever
  // test is running, so this test cannot fail quietly. Unskip it once the rejection is gone.
  it('a where on a forbidden nested path is refused without an unhandled rejection', async () => {
    const anonymous = await api(
      'GET',
      `/batches?${qs({ where: { 'guide.user.email': { like: 'a' } }, depth: 0 })}`,
    )
    const trekker = await api(
      'GET',
      `/bookings?${qs({ where: { 'batch.guide.user.email': { like: 'a' } }, depth: 0 })}`,
      { token: roles.trekker.token },
    )
    expect(anonymous.status).toBe(400)
    expect(trekker.status).toBe(400)
    // Let any stray rejection surface while this test still runs.
    await new Promise((resolve) => setTimeout(resolve, 200))
  })

  // Payload's `payload-locked-documents` collection (the admin's "someone is editing this"
  // marker) keeps Payload's default access: any signed-in user may create, read, update and
  // delete any lock, naming any document and any user. A REST or GraphQL update of a locked
  // document by anyone else is refused with 423 for the lock's lifetime (5 minutes, renewed
  // by touching the lock), so a fresh sign-up can freeze any trek, batch, booking or account.
  describe('edit locks', () => {
    const lock = (token: string, relationTo: string, value: number, userId: number) =>
      api('POST', '/payload-locked-documents?depth=0', {
        token,
        body: { document: { relationTo, value }, user: { relationTo: 'users', value: userId } },
      })

    it('a trekker cannot lock a trek against the ops manager’s edits', async () => {
      const { trek } = await createCatalog(payload)
      const attacker = roles.trekker
      await lock(attacker.token, 'treks', trek.id, attacker.id)

      const edit = await api('PATCH', `/treks/${trek.id}?depth=0`, {
        token: roles.ops_manager.token,
        body: { fitnessPrep: 'Walk 5 km a day for a month' },
      })
      expect(edit.status).toBe(200)
    })

    it('a trekker cannot freeze another trekker’s own profile', async () => {
      const victim = await readyTrekker(payload)
      await lock(roles.trekker.token, 'users', victim.id, roles.super_admin.id)

      const edit = await api('PATCH', `/users/${victim.id}?depth=0`, {
        token: victim.token,
        body: { bio: 'Back from Kedarkantha' },
      })
      expect(edit.status).toBe(200)
    })

    it('a trekker cannot see which documents staff have open', async () => {
      const { trek } = await createCatalog(payload)
      await payload.create({
        collection: 'payload-locked-documents',
        data: {
          document: { relationTo: 'treks', value: trek.id },
          user: { relationTo: 'users', value: roles.ops_manager.id },
        } as any,
        overrideAccess: true,
      })
      const list = await api('GET', '/payload-locked-documents?depth=0&limit=100', {
        token: roles.trekker.token,
      })
      const seen = list.status === 200 ? (list.body.docs as any[]) : []
      expect(seen.filter((doc) => doc.document?.value === trek.id)).toEqual([])
    })
  })

  // The input guard checks values for id, relation and number fields, but not whether an
  // operator applies to the field at all. `like` on a select, date or rich-text column
  // reaches PostgreSQL as `enum ~~* text` / `jsonb ~~* text` (42883, not a class-22 data
  // error), and `near`/`within`/`intersects` on a non-point field throw a TypeError in the
  // adapter: both are 500 for an anonymous caller on public collections.
  it.each([
    ['batches', 'status', 'like', 'open'],
    ['batches', 'startDate', 'contains', '2027'],
    ['batches', 'price', 'all', '1,2'],
    ['batches', 'price', 'near', '1,2'],
    ['treks', 'difficulty', 'not_like', 'easy'],
    ['posts', 'body', 'like', 'summit'],
  ])('anonymous where on %s.%s with `%s` is 400, not 500', async (collection, field, op, value) => {
    const res = await api('GET', `/${collection}?${qs({ where: { [field]: { [op]: value } } })}`)
    expect(res.status).toBe(400)
  })

  // Payload writes the original file to the media directory before it makes the resized
  // copies and the row. When a later step fails (here: a 246-character name leaves room for
  // the original but not for `<name>-1600x1600.webp`), the answer is 400 and no row is
  // written, but the original stays on disk, unlisted and never cleaned up. Any signed-in
  // user can repeat this with files up to UPLOAD_MAX_FILE_BYTES (10 MB) until the disk is full.
  it('a refused upload leaves no file behind in the media directory', async () => {
    const name = `${'b'.repeat(246)}.png`
    const onDisk = async () =>
      (await readdir(env.mediaDir).catch(() => [] as string[])).filter((file) =>
        file.startsWith('bbbbbbbbbb'),
      )
    const before = await onDisk()

    const res = await upload(
      'media',
      { data: await pngBuffer(2000, 1500), name, type: 'image/png' },
      { token: roles.trekker.token, data: { alt: 'long name' } },
    )
    expect(res.status).toBe(400)
    const { totalDocs } = await payload.count({
      collection: 'media',
      where: { filename: { like: 'bbbbbbbbbb' } },
      overrideAccess: true,
    })
    expect(totalDocs).toBe(0)

    const left = (await onDisk()).filter((file) => !before.includes(file))
    const bytes = await Promise.all(
      left.map(async (file) => (await stat(path.join(env.mediaDir, file))).size),
    )
    expect({ left, bytes }).toEqual({ left: [], bytes: [] })
  })

  // Payload picks a free file name (`image-1.png`, `image-2.png`…) by looking at the rows,
  // then inserts with a unique index on `filename`. Phones name most pictures alike
  // (`image.jpg`), so uploads that arrive together race for one name and all but one are
  // refused with 400 "The following field is invalid: filename". On the production build,
  // 7 of 8 simultaneous uploads of one name failed, and so did 6 of 8 simultaneous
  // duplicates of one media row.
  it('simultaneous uploads of pictures with the same name all succeed', async () => {
    const image = await pngBuffer(64, 64)
    const uploaders = [roles.trekker, roles.guide, roles.content, roles.super_admin]
    const answers = await Promise.all(
      uploaders.map((user) =>
        upload(
          'media',
          { data: image, name: 'image.png', type: 'image/png' },
          { token: user.token, data: { alt: 'same name' } },
        ),
      ),
    )
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201])
  })

  // Media is readable by anyone and listable (`GET /api/media`), whoever uploaded it and
  // whatever it is attached to. Hiding an abusive post leaves its pictures public: anonymous
  // callers still list the row and download the file (and profile photos of trekkers, whose
  // profiles are otherwise private, are listed the same way).
  it('pictures of a post hidden by moderators are no longer public', async () => {
    const picture = await upload(
      'media',
      { data: await pngBuffer(64, 64), name: 'abusive.png', type: 'image/png' },
      { token: roles.trekker.token, data: { alt: 'abusive' } },
    )
    expect(picture.status).toBe(201)
    const mediaId = picture.body.doc.id
    const post = await api('POST', '/posts?depth=0', {
      token: roles.trekker.token,
      body: {
        kind: 'feed',
        media: [mediaId],
        body: {
          root: {
            type: 'root',
            version: 1,
            direction: null,
            format: '',
            indent: 0,
            children: [
              {
                type: 'paragraph',
                version: 1,
                direction: null,
                format: '',
                indent: 0,
                textFormat: 0,
                children: [
                  {
                    type: 'text',
                    version: 1,
                    text: 'look',
                    format: 0,
                    detail: 0,
                    mode: 'normal',
                    style: '',
                  },
                ],
              },
            ],
          },
        },
      },
    })
    expect(post.body).toMatchObject({ doc: { id: expect.any(Number) } })
    const hide = await api('PATCH', `/posts/${post.body.doc.id}?depth=0`, {
      token: roles.cs.token,
      body: { status: 'hidden', hiddenReason: 'abusive picture' },
    })
    expect(hide.status).toBe(200)

    expect((await api('GET', `/posts/${post.body.doc.id}`)).status).toBe(404)
    const listed = await api('GET', `/media?${qs({ where: { id: { equals: mediaId } } })}`)
    expect(listed.body?.totalDocs ?? 0).toBe(0)
  })

  // jobsConfig sets no `access.run`, so Payload's default lets any signed-in user call its
  // job runner: a fresh trekker account makes the web process run queued mail, SMS, refund
  // and hold-expiry jobs, on any queue and with any limit, next to the dedicated worker
  // (production runs with CRON_ENABLED=false precisely to keep jobs out of the web process).
  it('a trekker cannot run the job queue', async () => {
    const run = await api('GET', '/payload-jobs/run?allQueues=true&limit=100', {
      token: roles.trekker.token,
    })
    expect(run.status).toBe(403)
  })

  it('a trekker asking Payload to handle schedules gets a 4xx, not a 500', async () => {
    const res = await api('GET', '/payload-jobs/handle-schedules', { token: roles.trekker.token })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  // Held: a victim's inbox cannot be flooded with reset mails from the company's sender.
  it('forgot-password does not mail one address twenty times in a row', async () => {
    const smtp = await startSmtpFake()
    const savedSmtpUrl = env.smtpUrl
    env.smtpUrl = smtp.url
    try {
      for (let i = 0; i < 20; i++) {
        const res = await api('POST', '/users/forgot-password', {
          body: { email: roles.finance.email },
        })
        expect(res.status).toBeLessThan(500)
      }
      await runJobs(payload)
      const mails = smtp.to(roles.finance.email).length
      expect(mails).toBeGreaterThan(0)
      expect(mails).toBeLessThanOrEqual(5)
    } finally {
      env.smtpUrl = savedSmtpUrl
      await smtp.close()
    }
  })

  // Payload's admin preferences (`/api/payload-preferences/:key`) accept any signed-in user,
  // any key and any JSON value up to the body limit: a trekker, who never opens the admin,
  // can store 1 MB per request under as many keys as they like, and the table grows
  // without bound.
  it('a trekker cannot store arbitrary data as admin preferences', async () => {
    const keys = ['a', 'b', 'c'].map((k) => `notes-${k}-${Date.now()}`)
    const answers = await Promise.all(
      keys.map((key) =>
        api('POST', `/payload-preferences/${key}`, {
          token: roles.trekker.token,
          body: { value: { blob: 'x'.repeat(100_000) } },
        }),
      ),
    )
    const { totalDocs } = await payload.count({
      collection: 'payload-preferences',
      where: { key: { in: keys } },
      overrideAccess: true,
    })
    expect({ statuses: answers.map((a) => a.status), stored: totalDocs }).toEqual({
      statuses: [403, 403, 403],
      stored: 0,
    })
  })

  // Every condition on a relation path (`trek.region.name`) adds its own pair of joins, and
  // nothing bounds how many a query may carry. PostgreSQL's planning time grows steeply with
  // the joins: against the production build, 20 anonymous `and` conditions took 2.8 s, 40
  // took 20 s, 80 did not finish in 30 s, and 300 (a 14 KB URL) kept one PostgreSQL backend
  // busy for over 10 minutes at 3 GB resident until it was cancelled by hand; the request
  // being abandoned does not stop the query. Four such requests at once saturate the
  // database of a two-core host. Sorting by 900 copies of one path cost ~6 s each as well.
  it('an anonymous where with many relation-path conditions is refused or cheap', async () => {
    // Written out by hand: the qs helper does not nest objects inside lists.
    const where = Array.from(
      { length: 32 },
      (_, i) => `${encodeURIComponent(`where[and][${i}][trek.region.name][exists]`)}=true`,
    ).join('&')
    const started = Date.now()
    const res = await api('GET', `/batches?${where}&depth=0`)
    const tookMs = Date.now() - started
    // Today: 200 after ~7.7 s in the test database.
    expect(res.status === 400 || tookMs < 1500).toBe(true)
  })

  // `sort=trek.name,trek.name` builds `SELECT DISTINCT … ORDER BY` with an alias that is not
  // in the select list (42P10), which is a 500 for anonymous callers.
  it('a sort naming one relation path twice is 400, not 500', async () => {
    const res = await api('GET', '/batches?sort=trek.name,trek.name&depth=0')
    expect(res.status).toBe(400)
  })
})
