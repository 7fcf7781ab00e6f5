/**
 * Forty-third review round (a fresh reviewer, one hour: START 15:45:59 UTC, END_TIME 16:45:59 UTC
 * by `date`). Work in progress.
 */
import { readdir } from 'node:fs/promises'

import { describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { env } from '@/config/env'
import { advanceBatchLifecycle } from '@/jobs'

import { pngBuffer } from '../catalog/images'
import { upload } from '../catalog/upload'
import { graphqlPost, viaRoute } from '../hardening/route'
import { api } from '../helpers/api'
import { captureLogOutput } from '../helpers/logOutput'
import { bookableBatch, book, bookingRow, batchRow, readyTrekker } from '../bookings/support'
import { paragraph } from '../community/lexical'
import { rawSql, type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const GPX = `<?xml version="1.0"?><gpx version="1.1" creator="x"><trk><name>t</name></trk></gpx>`

describe('probes', () => {
  it('upload names', async () => {
    const png = await pngBuffer(40, 30)
    const out: unknown[] = []
    for (const name of ['a%20b.png', 'a#b.png', 'a%2fb.png', '100%.png', 'a%2e%2e.png']) {
      const res = await upload(
        'media',
        { data: png, name, type: 'image/png' },
        { token: roles.content.token, data: { alt: 'x' } },
      )
      let served: unknown
      if (res.status === 201) {
        const file = await api('GET', new URL(res.body.doc.url).pathname + new URL(res.body.doc.url).search)
        served = [file.status, typeof file.body === 'string' ? file.body.slice(0, 20) : file.body]
      }
      out.push([name, res.body?.doc?.url, res.body?.doc?.sizes?.hero?.url, res.status, res.body?.doc?.filename, res.body?.doc?.mimeType, served, res.body?.errors?.[0]?.message])
    }
    console.log(JSON.stringify(out, null, 1))
  })

  it('gpx as a member photo or post picture', async () => {
    const member = await readyTrekker(payload)
    const gpx = await upload(
      'media',
      { data: GPX, name: 'route.gpx', type: 'application/gpx+xml' },
      { token: member.token, data: {} },
    )
    const photo = await api('PATCH', `/users/${member.id}?depth=0`, {
      token: member.token,
      body: { profilePhoto: gpx.body?.doc?.id },
    })
    const post = await api('POST', '/posts?depth=0', {
      token: member.token,
      body: { kind: 'feed', media: [gpx.body?.doc?.id], body: paragraph('x') },
    })
    console.log(JSON.stringify([gpx.status, photo.status, post.status, post.body?.errors]))
  })

  it('NUL in text of other collections', async () => {
    const member = await readyTrekker(payload)
    const log = captureLogOutput()
    const answers: unknown[] = []
    try {
      answers.push(
        (
          await api('POST', '/emergency-contacts', {
            token: member.token,
            body: { name: 'A\u0000B', relationship: 'Brother', phone: '+919812345670' },
          })
        ).status,
      )
      answers.push(
        (
          await api('POST', '/posts', {
            token: member.token,
            body: { kind: 'feed', body: paragraph('hi\u0000there') },
          })
        ).status,
      )
      answers.push(
        (
          await api('POST', '/regions', {
            token: roles.content.token,
            body: { name: 'R\u0000x', description: 'd\u0000' },
          })
        ).status,
      )
      answers.push(
        (
          await api('PATCH', `/users/${member.id}`, {
            token: member.token,
            body: { bio: 'x', experienceLevel: 'beginner', firstName: 'x', tribeHandle: 'a\u0000b' },
          })
        ).status,
      )
      answers.push(
        (await api('GET', `/treks/slug/${encodeURIComponent('a\u0000b')}`)).status,
      )
      answers.push(
        (
          await api('POST', '/users/login', {
            body: { email: 'x@y.z', password: 'p\u0000' },
          })
        ).status,
      )
    } finally {
      log.stop()
    }
    const errors = log
      .text()
      .split('\n')
      .filter((line) => line.includes('"level":50'))
      .map((line) => line.slice(0, 300))
    console.log(JSON.stringify({ answers, errors }, null, 1))
  })

  it('graphql odd bodies', async () => {
    const out: unknown[] = []
    for (const body of [
      JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      JSON.stringify({ query: '{ __typename }', operationName: 5 }),
      JSON.stringify({ query: '{ __typename }', variables: null, extensions: [] }),
    ]) {
      const res = await viaRoute(
        'POST',
        '/api/graphql',
        { body, headers: { 'Content-Type': 'application/json' } },
        graphqlPost,
      )
      out.push([res.status, JSON.stringify(res.body).slice(0, 200)])
    }
    console.log(JSON.stringify(out, null, 1))
  })

  it('lifecycle with a deposit hold', async () => {
    const { batch } = await bookableBatch(payload, { seats: 3, startsInDays: 3 })
    const member = await readyTrekker(payload)
    const b = await book(member.token, batch.id)
    expect(b.status).toBe(201)
    const dep = await api('POST', `/bookings/${b.body.doc.id}/offline-payment`, {
      token: roles.cs.token,
      body: { amount: 1000, method: 'cash', reference: `D-${b.body.doc.id}` },
    })
    const past = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString()
    const end = new Date(Date.now() - 4 * 24 * 3600 * 1000).toISOString()
    await rawSql(
      payload,
      sql`update batches set start_date = ${past}, end_date = ${end} where id = ${batch.id}`,
    )
    const r = await advanceBatchLifecycle(await (await import('payload')).createLocalReq({}, payload), {
      batchIds: [batch.id],
    })
    const r2 = await advanceBatchLifecycle(await (await import('payload')).createLocalReq({}, payload), {
      batchIds: [batch.id],
    })
    const after = await bookingRow(payload, b.body.doc.id)
    const own = await api('POST', `/bookings/${b.body.doc.id}/cancel`, { token: member.token, body: {} })
    const cs = await api('POST', `/bookings/${b.body.doc.id}/cancel`, { token: roles.cs.token, body: { reason: 'no show' } })
    const after2 = await bookingRow(payload, b.body.doc.id)
    console.log(
      JSON.stringify({
        dep: dep.status,
        r,
        r2,
        status: after.status,
        paid: after.amountPaid,
        own: [own.status, own.body?.errors?.[0]?.message],
        cs: [cs.status, cs.body?.errors?.[0]?.message],
        after2: [after2.status, after2.refundDue, after2.balanceDue],
        batch: (await batchRow(payload, batch.id)).status,
      }),
    )
  })
})
