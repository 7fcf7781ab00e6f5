import { APIError, type CollectionAfterChangeHook, type CollectionBeforeChangeHook } from 'payload'

import { lockBookingRows } from '@/bookings'
import { relationId, requiredRelationId } from '@/shared/relationId'

import { lockPointsBalance, storePointsBalance } from './balance'

/**
 * Every points-transactions row moves the user's balance in the same transaction; a row
 * that would take the balance below zero is refused and nothing is written.
 */
export const applyToBalance: CollectionAfterChangeHook = async ({ data, doc, operation, req }) => {
  if (operation !== 'create') {
    return doc
  }
  const userId = requiredRelationId(data.user ?? doc.user)
  const amount = Number(data.amount)
  const current = await lockPointsBalance(req, userId)
  if (!current) {
    throw new APIError('This user does not exist', 400)
  }
  const points = current.points + amount
  if (points < 0) {
    throw new APIError(
      `This adjustment would take the balance below zero: the user has ${current.points} points`,
      400,
    )
  }
  await storePointsBalance(req, userId, current, points)
  return doc
}

/**
 * Takes the user's row lock before the ledger row is inserted. The insert's foreign key
 * would otherwise share-lock the user first, and two concurrent awards for one trekker
 * would each wait for the other's share lock when upgrading to the balance update. A row
 * naming a booking locks that booking's batch and booking before the account: the order a
 * cancellation takes (batch, booking, then the account for its points), which a super admin's
 * adjustment naming the booking reversed into a deadlock (review round 40).
 */
export const lockBalanceBeforeInsert: CollectionBeforeChangeHook = async ({
  data,
  operation,
  req,
}) => {
  if (operation !== 'create') {
    return data
  }
  const bookingId = relationId(data.booking)
  if (bookingId && req.transactionID) {
    await lockBookingRows(req, Number(bookingId))
  }
  if (data.user) {
    await lockPointsBalance(req, requiredRelationId(data.user))
  }
  return data
}
