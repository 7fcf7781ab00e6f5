import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import cron from 'node-cron'
import { createLocalReq, type Payload } from 'payload'

import { env } from '@/config/env'
import { onInit, runDueSchedules, SCHEDULES, startSchedules, stopSchedules } from '@/jobs'
import { duePeriods } from '@/jobs/schedules/duePeriods'
import { sendPreTrekReminders } from '@/notifications'
import { withTransaction } from '@/shared/transaction'

import { startProviderFakes, type ProviderFakes } from '../fakes/providers'
import { createUser, unique } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'

let payload: Payload
let fakes: ProviderFakes

const iso = (dates: Date[]) => dates.map((date) => date.toISOString())

/** A reminders schedule of its own, so its last run is not shared with other tests. */
const remindersSchedule = () => ({
  name: unique('reminders'),
  cron: '0 9 * * *',
  task: 'sendPreTrekReminders',
  catchUp: 7,
})

beforeAll(async () => {
  payload = await testPayload()
  fakes = await startProviderFakes()
})

afterAll(async () => {
  await stopSchedules()
  await fakes.stop()
})

describe('due periods in Asia/Kolkata', () => {
  it('puts the 09:00 run at 03:30 UTC and the hourly runs at half past the UTC hour', () => {
    expect(iso(duePeriods('0 9 * * *', new Date('2027-03-01T04:00:00Z'), null, 1))).toEqual([
      '2027-03-01T03:30:00.000Z',
    ])
    expect(iso(duePeriods('0 9 * * *', new Date('2027-03-01T03:29:59Z'), null, 1))).toEqual([
      '2027-02-28T03:30:00.000Z',
    ])
    expect(iso(duePeriods('0 * * * *', new Date('2027-03-01T05:10:00Z'), null, 2))).toEqual([
      '2027-03-01T03:30:00.000Z',
      '2027-03-01T04:30:00.000Z',
    ])
  })

  it('lists the runs missed since the last one, oldest first, at most the catch-up limit', () => {
    const now = new Date('2027-03-01T05:00:00Z')

    expect(iso(duePeriods('0 9 * * *', now, new Date('2027-02-26T03:30:00Z'), 7))).toEqual([
      '2027-02-27T03:30:00.000Z',
      '2027-02-28T03:30:00.000Z',
      '2027-03-01T03:30:00.000Z',
    ])
    expect(iso(duePeriods('0 9 * * *', now, new Date('2027-02-20T03:30:00Z'), 2))).toEqual([
      '2027-02-28T03:30:00.000Z',
      '2027-03-01T03:30:00.000Z',
    ])
    expect(duePeriods('0 9 * * *', now, new Date('2027-03-01T03:30:00Z'), 7)).toEqual([])
  })
})

describe('pre-trek reminders', () => {
  it('are sent once across two schedulers running at the same moment and a restart', async () => {
    const schedule = remindersSchedule()
    // 10 May 2031, 09:00 IST: trekkers of batches starting on 17 May and 12 May hear from us.
    const nineAm = new Date('2031-05-10T03:30:00.000Z')
    const weekOut = await createTrekBatch(payload, {
      startDate: '2031-05-16T18:30:00.000Z',
      endDate: '2031-05-22T00:00:00.000Z',
    })
    const twoDaysOut = await createTrekBatch(payload, {
      startDate: '2031-05-12T04:00:00.000Z',
      endDate: '2031-05-15T00:00:00.000Z',
    })
    const notDue = await createTrekBatch(payload, {
      startDate: '2031-05-14T00:00:00.000Z',
      endDate: '2031-05-18T00:00:00.000Z',
    })
    const [asha, ravi, neha, idle] = await Promise.all(
      [1, 2, 3, 4].map(() => createUser(payload, null)),
    )
    await createBooking(payload, asha, weekOut.batch, 'confirmed')
    await createBooking(payload, ravi, twoDaysOut.batch, 'confirmed')
    await createBooking(payload, neha, notDue.batch, 'confirmed')
    // An unpaid hold: no reminder (a deposit would have one, naming the balance due).
    await createBooking(payload, idle, weekOut.batch, 'pending', {
      amountPaid: 0,
      balanceDue: 14500,
    })

    const [first, second] = await Promise.all([
      runDueSchedules(payload, new Date(nineAm.getTime() + 200), [schedule]),
      runDueSchedules(payload, new Date(nineAm.getTime() + 300), [schedule]),
    ])
    await runJobs(payload)
    const afterRestart = await runDueSchedules(payload, new Date('2031-05-10T06:00:00.000Z'), [
      schedule,
    ])
    await runJobs(payload)

    expect([...first, ...second]).toEqual([
      { schedule: schedule.name, period: nineAm.toISOString() },
    ])
    expect(afterRestart).toEqual([])
    const toAsha = fakes.smtp.to(asha.email)
    const toRavi = fakes.smtp.to(ravi.email)
    expect(toAsha).toHaveLength(1)
    expect(toAsha[0].subject).toBe(`${weekOut.trek.name} starts in 7 days`)
    expect(toAsha[0].body).toContain('Sat, 17 May, 2031')
    expect(toRavi).toHaveLength(1)
    expect(toRavi[0].subject).toBe(`${twoDaysOut.trek.name} starts in 2 days`)
    expect(fakes.smtp.to(neha.email)).toHaveLength(0)
    expect(fakes.smtp.to(idle.email)).toHaveLength(0)
  })

  it('catches up the days missed while no instance was running', async () => {
    const schedule = remindersSchedule()
    const missedDayBatch = await createTrekBatch(payload, {
      startDate: '2032-01-19T00:00:00.000Z',
      endDate: '2032-01-24T00:00:00.000Z',
    })
    const trekker = await createUser(payload, null)
    await createBooking(payload, trekker, missedDayBatch.batch, 'confirmed')

    // Ran on 10 January; down from the 11th until 10:00 IST on the 13th.
    await runDueSchedules(payload, new Date('2032-01-10T03:31:00.000Z'), [schedule])
    const caughtUp = await runDueSchedules(payload, new Date('2032-01-13T04:30:00.000Z'), [
      schedule,
    ])
    await runJobs(payload)

    expect(caughtUp.map((run) => run.period)).toEqual([
      '2032-01-11T03:30:00.000Z',
      '2032-01-12T03:30:00.000Z',
      '2032-01-13T03:30:00.000Z',
    ])
    // The 7-day reminder of the 19th was due on the 12th and is sent by the catch-up.
    const mails = fakes.smtp.to(trekker.email)
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toMatch(
      new RegExp(`^${missedDayBatch.trek.name} starts in \\d+ days$`),
    )
  })

  it('counts the days left from the day a late run happens', async () => {
    const { trek, batch } = await createTrekBatch(payload, {
      startDate: '2033-02-19T00:00:00.000Z',
      endDate: '2033-02-24T00:00:00.000Z',
    })
    const trekker = await createUser(payload, null)
    await createBooking(payload, trekker, batch, 'confirmed')
    const req = await createLocalReq({}, payload)

    const late = await withTransaction(req, () =>
      sendPreTrekReminders(
        req,
        new Date('2033-02-12T03:30:00.000Z'),
        new Date('2033-02-13T05:00:00.000Z'),
      ),
    )
    const tooLate = await withTransaction(req, () =>
      sendPreTrekReminders(
        req,
        new Date('2033-02-17T03:30:00.000Z'),
        new Date('2033-02-19T05:00:00.000Z'),
      ),
    )
    await runJobs(payload)

    expect(late.queued).toBe(1)
    expect(tooLate.queued).toBe(0)
    expect(fakes.smtp.to(trekker.email).map((mail) => mail.subject)).toEqual([
      `${trek.name} starts in 6 days`,
    ])
  })

  it('skips a schedule whose task no domain has registered, claiming nothing', async () => {
    const schedule = {
      name: unique('unregistered'),
      cron: '* * * * *',
      task: 'noSuchTask',
      catchUp: 1,
    }

    const queued = await runDueSchedules(payload, new Date(), [schedule])
    const rows = await payload.find({
      collection: 'schedule-runs',
      where: { schedule: { equals: schedule.name } },
      overrideAccess: true,
    })

    expect(queued).toEqual([])
    expect(rows.docs).toEqual([])
  })
})

describe('starting the schedules', () => {
  it('starts nothing from onInit on an instance with CRON_ENABLED off', async () => {
    const saved = env.cronEnabled
    env.cronEnabled = false
    try {
      await onInit(payload)
    } finally {
      env.cronEnabled = saved
    }

    expect([...cron.getTasks().values()].map((task) => task.name)).not.toContain('batch-lifecycle')
  })

  it('registers each schedule in Asia/Kolkata and catches up at once', async () => {
    await startSchedules(payload)

    const names = [...cron.getTasks().values()].map((task) => task.name)
    expect(names).toEqual(
      expect.arrayContaining([...SCHEDULES.map((schedule) => schedule.name), 'reap-stuck-jobs']),
    )
    const runs = await payload.find({
      collection: 'schedule-runs',
      where: { schedule: { equals: 'batch-lifecycle' } },
      overrideAccess: true,
    })
    expect(runs.docs).toHaveLength(1)

    await stopSchedules()
    expect([...cron.getTasks().values()].map((task) => task.name)).not.toContain('batch-lifecycle')
  })
})
