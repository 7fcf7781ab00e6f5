import { APIError } from 'payload'

/** Where the previous page ended: the (createdAt, id) of its last post. */
export type FeedCursor = { createdAt: string; id: number }

export function encodeCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url')
}

export function decodeCursor(raw: string | null): FeedCursor | null {
  if (!raw) {
    return null
  }
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (
      typeof createdAt === 'string' &&
      !Number.isNaN(Date.parse(createdAt)) &&
      Number.isInteger(id)
    ) {
      return { createdAt: new Date(createdAt).toISOString(), id }
    }
  } catch {
    // Falls through to the error below.
  }
  throw new APIError('The cursor is not valid; start again without one', 400)
}
