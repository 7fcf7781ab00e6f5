import pg from 'pg'

/**
 * For races made repeatable: a second connection holds a row, and the test waits in
 * pg_stat_activity until the request under test queues on it.
 */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A connection of its own to the test database; the caller ends it. */
export async function connected() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URI })
  await client.connect()
  return client
}

/** Sessions of this database waiting for a lock now. */
export async function lockWaiters(monitor: pg.Client) {
  // Statistics are read as a snapshot per transaction: take a fresh one each time.
  await monitor.query('select pg_stat_clear_snapshot()')
  const { rows } = await monitor.query(
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock'`,
  )
  return rows[0].n as number
}

/** Waits until at least `count` sessions of this database wait on a lock. */
export async function untilLockWaiters(monitor: pg.Client, count: number) {
  for (let tries = 0; tries < 200; tries++) {
    if ((await lockWaiters(monitor)) >= count) {
      return
    }
    await pause(25)
  }
  throw new Error(`fewer than ${count} sessions waiting on a lock`)
}

/**
 * Waits until `work` has finished or is itself waiting on a lock (`count` waiters in all): a
 * fixed product may make the racing request wait where it once ran through.
 */
export async function untilDoneOrWaiting(
  monitor: pg.Client,
  count: number,
  work: Promise<unknown>,
) {
  let done = false
  work.then(
    () => (done = true),
    () => (done = true),
  )
  for (let tries = 0; tries < 400 && !done; tries++) {
    if ((await lockWaiters(monitor)) >= count) {
      return
    }
    await pause(25)
  }
  if (!done) {
    throw new Error(`the racing request neither finished nor waited on a lock`)
  }
}

/**
 * A race held in place: a second connection holds row `id` of `table`; `queued` starts and
 * waits on that row, then `racing` starts and runs until it is done or waits too, and only
 * then is the row let go. Answers both, in that order, once both are done.
 */
export async function raceBehindHeldRow<Queued, Racing>(race: {
  table: string
  id: number
  queued: () => Promise<Queued>
  racing: () => Promise<Racing>
}): Promise<[Queued, Racing]> {
  const blocker = await connected()
  const monitor = await connected()
  try {
    await blocker.query('begin')
    await blocker.query(`select id from ${race.table} where id = $1 for update`, [race.id])
    const queued = race.queued()
    await untilLockWaiters(monitor, 1)
    const racing = race.racing()
    await untilDoneOrWaiting(monitor, 2, racing)
    await blocker.query('rollback')
    return await Promise.all([queued, racing])
  } finally {
    await blocker.end()
    await monitor.end()
  }
}

/** Whether another connection may lock the row now (false: someone holds it). */
export async function rowIsFree(table: string, id: number): Promise<boolean> {
  const client = await connected()
  try {
    await client.query('begin')
    await client.query(`select id from ${table} where id = $1 for update nowait`, [id])
    return true
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') {
      return false
    }
    throw err
  } finally {
    await client.query('rollback').catch(() => undefined)
    await client.end()
  }
}

/** Sessions of this database sitting in an open transaction between statements now. */
export async function idleInTransaction(): Promise<number> {
  const client = await connected()
  try {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and state = 'idle in transaction'`,
    )
    return rows[0].n as number
  } finally {
    await client.end()
  }
}
