import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { batchRow, book, bookableBatch, readyTrekker } from '../bookings/support'
import { paragraph } from '../community/lexical'
import { startSmtpFake } from '../fakes/smtp'
import { api } from '../helpers/api'
import { createCatalog, createRoleUsers, createUser } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'

/**
 * Second review round. Payload mounts `POST /api/<collection>/:id/duplicate` on every
 * collection that is not an auth collection; a duplicate runs the create operation with the
 * original document as its starting point, so whatever a create hook reads from
 * `originalDoc` and whatever server-owned field the copy inherits is attacker-shaped.
 */
describe('review round 2: duplicate endpoint and reset mails', () => {
  let payload: Payload
  let roles: Awaited<ReturnType<typeof createRoleUsers>>

  const trekRow = async (id: number) =>
    (await payload.findByID({ collection: 'treks', id, depth: 0, overrideAccess: true })) as any

  beforeAll(async () => {
    payload = await testPayload()
    roles = await createRoleUsers(payload)
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
    const post = await api('POST', '/posts?depth=0', {
      token: roles.trekker.token,
      body: { kind: 'feed', body: paragraph('summit day') },
    })
    expect(post.status).toBe(201)
    const other = await createUser(payload, null)
    const copy = await api('POST', `/posts/${post.body.doc.id}/duplicate?depth=0`, {
      token: other.token,
      body: {},
    })
    if (copy.status < 300) {
      expect(copy.body.doc.author).toBe(other.id)
    }
    expect(copy.status).toBeLessThan(500)
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
})
