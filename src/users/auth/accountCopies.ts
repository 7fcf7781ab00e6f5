import {
  AuthenticationError,
  createLocalReq,
  type BaseDatabaseAdapter,
  type Payload,
  type PayloadRequest,
  type Where,
} from 'payload'

import { inTransaction } from '@/db/transaction'

import { lockAccount } from './accountLock'
import { authClock } from './clock'

/**
 * Live sign-ins one account may hold. A sign-in past it ends the oldest (its access token and
 * refresh tokens): without a cap a script signing in to one free account over and over grew
 * its session list and refresh tokens without bound, and every sign-in rewrote the whole list
 * (review round 41). Fifty devices is more than anyone carries up a mountain.
 */
export const MAX_LIVE_SIGN_INS = 50

/**
 * Payload's sign-in, sign-out, token refresh and password reset (and our own session code,
 * which reuses Payload's `addSessionToUser`) change an account by reading the whole row,
 * editing the copy and writing the copy back whole. Whatever committed in between is undone:
 * a password changed meanwhile came back with the old hash, and the sessions it ended came
 * back with it.
 *
 * Every write of a user that carries a session list is therefore narrowed, under the row's
 * lock, to what the writer itself changed in the copy this request read: changed columns,
 * sessions it added, sessions it dropped or extended. Sessions someone else ended meanwhile
 * stay ended; sessions someone else started stay. A sign-in that checked a password, e-mail
 * salt or phone that is no longer the account's gets no session (401, as a wrong password would).
 * A copy written with no request (Payload's lockout) may only end sessions.
 */

type SessionRow = { id: string; createdAt?: unknown; expiresAt?: unknown }
type AccountRow = Record<string, unknown> & { id: number | string; sessions?: SessionRow[] }

/**
 * What a request read of an account, kept only as far as the merge compares it: columns
 * whose values are plain (text, numbers) as they are, the rest as their JSON text (columns
 * are compared as JSON), and the sessions as their ids. Taken when the row is read, since
 * Payload edits the very object it read before writing it back.
 */
type ReadCopy = { columns: Record<string, unknown>; sessionIds: string[] }
type Known = { copy: ReadCopy; seenSessions: Set<string> }

// A column value the merge keeps as JSON text, not as the caller's (editable) object.
class AsJson {
  constructor(readonly text: string) {}
}

// What a sign-in checked: a password (hash, salt), an e-mail, or an OTP sent to the phone.
const CREDENTIALS = ['hash', 'salt', 'email', 'phone'] as const
// Marks Payload adds to a signed-in user object; they are not columns.
const NOT_COLUMNS = new Set(['sessions', 'updatedAt', 'collection', '_strategy', '_sid'])

const copiesByRequest = new WeakMap<object, Map<string, Known>>()

const asJson = (value: unknown) => JSON.stringify(value ?? null)

// A shallow copy: plain values cannot be edited in place, so only objects need freezing.
function readCopyOf(row: AccountRow): ReadCopy {
  const columns: Record<string, unknown> = { ...row, sessions: undefined }
  for (const key in columns) {
    const value = columns[key]
    if (value !== null && typeof value === 'object') {
      columns[key] = new AsJson(asJson(value))
    }
  }
  return { columns, sessionIds: (row.sessions ?? []).map((session) => session.id) }
}

/** Whether `value` is what the copy read held in `key`, compared as JSON. */
function sameAsRead(copy: ReadCopy, key: string, value: unknown) {
  const read = copy.columns[key]
  return asJson(value) === (read instanceof AsJson ? read.text : asJson(read))
}

function remember(req: object, row: AccountRow) {
  const byId = copiesByRequest.get(req) ?? new Map<string, Known>()
  copiesByRequest.set(req, byId)
  const known = byId.get(String(row.id))
  const seenSessions = known?.seenSessions ?? new Set<string>()
  for (const session of row.sessions ?? []) {
    seenSessions.add(session.id)
  }
  byId.set(String(row.id), { copy: readCopyOf(row), seenSessions })
}

const isExpired = (session: SessionRow, now: number) =>
  new Date(String(session.expiresAt)).getTime() <= now

function idOf(args: { id?: number | string; where?: Where }): string | undefined {
  if (args.id !== undefined) {
    return String(args.id)
  }
  const equals = (args.where?.id as { equals?: unknown } | undefined)?.equals
  return equals === undefined ? undefined : String(equals)
}

/**
 * The sessions the row should hold: the current ones, changed only as the copy changed them.
 * A writer that sets new credentials (a password reset) ends every session it does not list,
 * including any started after its copy was read with the old password.
 */
function mergeSessions(
  current: SessionRow[],
  readSessionIds: string[],
  wanted: SessionRow[],
  setsCredentials: boolean,
) {
  const readIds = new Set(readSessionIds)
  const wantedById = new Map(wanted.map((session) => [session.id, session]))
  return current.flatMap((session) => {
    if (wantedById.has(session.id)) {
      return [wantedById.get(session.id)!]
    }
    // Started by someone else after the copy was read: not the writer's to drop.
    return readIds.has(session.id) || setsCredentials ? [] : [session]
  })
}

type UpdateOneArgs = Parameters<BaseDatabaseAdapter['updateOne']>[0]

export function keepAccountCopiesFromUndoingChanges(payload: Payload): void {
  const db = payload.db
  const findOne = db.findOne.bind(db)
  const updateOne = db.updateOne.bind(db)

  const find = db.find.bind(db)
  db.find = (async (args) => {
    const result = await find(args)
    if (args.collection === 'users' && args.req && !args.select) {
      for (const doc of result.docs) {
        remember(args.req, doc as AccountRow)
      }
    }
    return result
  }) as typeof db.find

  db.findOne = (async (args) => {
    const doc = await findOne(args)
    if (args.collection === 'users' && doc && args.req && !args.select) {
      remember(args.req, doc as AccountRow)
    }
    return doc
  }) as typeof db.findOne

  db.updateOne = (async (args: UpdateOneArgs) => {
    const data = args.data as AccountRow | undefined
    const id = idOf(args)
    if (args.collection !== 'users' || !id) {
      return updateOne(args)
    }
    if (!Array.isArray(data?.sessions)) {
      // Payload's own writes of an account it read (a failed sign-in's count, a lockout) on a
      // row deleted meanwhile inserted nothing and read the missing result: a 500 where a
      // wrong password is 401 (review round 38).
      // (The failed sign-in's count is written with no request.)
      if (await accountGone(args.req as PayloadRequest | undefined, id)) {
        throw new AuthenticationError(args.req?.t)
      }
      return updateOne(args)
    }
    if (!args.req) {
      const req = await createLocalReq({}, payload)
      return inTransaction(req, () => dropSessionsOnly(req, id, data.sessions!, args))
    }
    const known = copiesByRequest.get(args.req)?.get(id)
    if (!known) {
      return updateOne(args)
    }
    const req = args.req as PayloadRequest
    return inTransaction(req, async () => {
      await lockAccount(req, id)
      const current = (await findOne({
        collection: 'users',
        where: { id: { equals: id } },
        req,
      })) as AccountRow | null
      // Deleted meanwhile: Payload's write would insert the account again, sessions and
      // password hash included (review round 38: a sign-in at the moment of a delete).
      if (!current) {
        throw new AuthenticationError(req.t)
      }
      const now = Date.now()
      const added = data.sessions!.filter((session) => !known.seenSessions.has(session.id))
      const credentialsChanged = CREDENTIALS.some(
        (key) => !sameAsRead(known.copy, key, current[key]),
      )
      if (added.length > 0 && credentialsChanged) {
        throw new AuthenticationError(req.t)
      }
      const changed: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(data)) {
        if (!NOT_COLUMNS.has(key) && !sameAsRead(known.copy, key, value)) {
          changed[key] = value
        }
      }
      const setsCredentials = 'hash' in changed || 'salt' in changed
      const live = [
        ...mergeSessions(
          current.sessions ?? [],
          known.copy.sessionIds,
          data.sessions!,
          setsCredentials,
        ),
        ...added,
      ].filter((session) => !isExpired(session, now))
      const sessions = await keepNewestSignIns(req, live, added.length > 0)
      const result = await updateOne({
        ...args,
        data: { ...changed, sessions, updatedAt: data.updatedAt },
        req,
      })
      remember(args.req!, { ...current, ...changed, sessions } as AccountRow)
      for (const session of added) {
        known.seenSessions.add(session.id)
      }
      return result
    })
  }) as typeof db.updateOne

  /** The newest MAX_LIVE_SIGN_INS of `sessions` once a sign-in is added; the rest are ended. */
  async function keepNewestSignIns(req: PayloadRequest, sessions: SessionRow[], adding: boolean) {
    if (!adding || sessions.length <= MAX_LIVE_SIGN_INS) {
      return sessions
    }
    const started = (session: SessionRow) => new Date(String(session.createdAt)).getTime() || 0
    const oldestFirst = [...sessions].sort((a, b) => started(a) - started(b))
    const ended = oldestFirst.slice(0, sessions.length - MAX_LIVE_SIGN_INS).map(({ id }) => id)
    await db.updateMany({
      collection: 'refresh-tokens',
      where: { sid: { in: ended }, revokedAt: { exists: false } },
      data: { revokedAt: authClock.now().toISOString() },
      req,
    })
    const endedIds = new Set(ended)
    return sessions.filter((session) => !endedIds.has(session.id))
  }

  async function accountGone(req: PayloadRequest | undefined, id: string) {
    const row = await findOne({
      collection: 'users',
      where: { id: { equals: id } },
      select: { id: true },
      req,
    })
    return !row
  }

  /**
   * A copy this request did not read (Payload's lockout after parallel wrong passwords writes
   * back the user the failed sign-in read, with no request): nothing is known of what it
   * changed, so it may only end sessions it leaves out, never set columns or add sessions.
   */
  async function dropSessionsOnly(
    req: PayloadRequest,
    id: string,
    listed: SessionRow[],
    args: UpdateOneArgs,
  ) {
    await lockAccount(req, id)
    const current = (await findOne({
      collection: 'users',
      where: { id: { equals: id } },
      req,
    })) as AccountRow | null
    if (!current) {
      throw new AuthenticationError(req.t)
    }
    const listedIds = new Set(listed.map((session) => session.id))
    const sessions = (current.sessions ?? []).filter((session) => listedIds.has(session.id))
    return updateOne({ ...args, data: { sessions, updatedAt: null }, req })
  }
}
