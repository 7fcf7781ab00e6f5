/**
 * Forty-second review round (a fresh reviewer, one hour: START 15:05:07 UTC, END_TIME 16:05:07 UTC
 * by `date`), aimed at what changed this session first, then money, seats, roles and crashes.
 *
 * Findings: (filled in below)
 */
import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { viaRoute } from '../hardening/route'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

const errorsLogged = async (run: () => Promise<unknown>) => {
  const logger = payload.logger as unknown as { error: (...args: unknown[]) => void }
  const original = logger.error
  const errors: unknown[] = []
  logger.error = (...args: unknown[]) => {
    errors.push(args)
  }
  try {
    await run()
  } finally {
    logger.error = original
  }
  return errors
}

describe('the POST-for-GET query guard', () => {
  it('refuses a malformed where however the form and the URL are split', async () => {
    const answers: Array<{ status: number; message: string }> = []
    const errors = await errorsLogged(async () => {
      // The URL's own `where=` is empty (passes the URL check), the form's text has no `where`
      // (passes the form check); Payload joins them as `?where=?{bad` and JSON.parses it.
      const joined = await viaRoute('POST', '/api/treks?where=', {
        headers: {
          'X-Payload-HTTP-Method-Override': 'GET',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: '%7Bbad',
      })
      answers.push({ status: joined.status, message: joined.body?.errors?.[0]?.message })
    })
    console.log(JSON.stringify({ answers, errors: errors.length }))
    expect(answers[0].status).toBe(400)
    expect(errors).toEqual([])
  })
})
