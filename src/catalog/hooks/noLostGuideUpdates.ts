import { preventLostUpdates } from '@/db/noLostUpdates'
import { lockRow, queryRows, sql } from '@/shared/sql'

/**
 * A guide's own bio edit, read before ops' change of the card's satellite phone committed,
 * wrote the old phone back, and one read before ops deleted the card wrote the card back into
 * the catalog (review round 37). Changing an account's role locks the account and then its card
 * (leaveGuideRole), and a card's checks lock its account (guideCardNeedsGuideAccount), so an
 * edit locks the card's account before the card.
 */
export const noLostGuideUpdates = preventLostUpdates('guides', async (req, id) => {
  const [card] = await queryRows<{ user_id: number | null }>(
    req,
    sql`select user_id from guides where id = ${Number(id)}`,
  )
  if (card?.user_id) {
    await lockRow(req, 'users', card.user_id)
  }
})
