/** One transaction helper for the whole service: see '@/db/transaction'. */
export { inTransaction } from '@/db/transaction'
