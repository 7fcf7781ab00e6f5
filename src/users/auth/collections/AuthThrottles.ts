import { privateCollection } from './privateCollection'

/** Fixed-window counters for sign-in limits, shared by every instance through PostgreSQL. */
export const AuthThrottles = privateCollection('auth-throttles', [
  { name: 'key', type: 'text', required: true, unique: true },
  { name: 'windowStart', type: 'date', required: true },
  { name: 'count', type: 'number', required: true, defaultValue: 0 },
])
