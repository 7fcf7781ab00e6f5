export { applyToBalance, lockBalanceBeforeInsert } from './applyToBalance'
export {
  awardBookingPoints,
  POINTS_PER_CONFIRMED_BOOKING,
  reverseBookingPoints,
} from './bookingPoints'
