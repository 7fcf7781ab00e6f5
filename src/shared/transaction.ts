/** One transaction helper for the whole service: see '@/db/transaction'. */
export { inTransaction as withTransaction } from '@/db/transaction'
