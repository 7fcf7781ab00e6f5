import { REFRESH_TREK_CARDS } from '@/catalog'
import { SEND_PRE_TREK_REMINDERS } from '@/notifications'
import { PURGE_SPENT_SIGN_IN_STATE } from '@/users'

import { HOLD_EXPIRY_TASK } from '../holdExpiry'
import { ADVANCE_BATCH_LIFECYCLE } from '../lifecycle/advanceBatchLifecycle'

export type ScheduleDefinition = {
  name: string
  /** node-cron expression, read in Asia/Kolkata. */
  cron: string
  /** The task queued once per due period, with the period as input. */
  task: string
  /**
   * How many missed periods a restart catches up. Day-based work (reminders for the treks
   * starting 7 and 2 days out) needs each missed day; state-based work needs the latest.
   */
  catchUp: number
}

export const SCHEDULES: ScheduleDefinition[] = [
  { name: 'pre-trek-reminders', cron: '0 9 * * *', task: SEND_PRE_TREK_REMINDERS, catchUp: 7 },
  { name: 'batch-lifecycle', cron: '0 * * * *', task: ADVANCE_BATCH_LIFECYCLE, catchUp: 1 },
  { name: 'hold-expiry', cron: '* * * * *', task: HOLD_EXPIRY_TASK, catchUp: 1 },
  { name: 'trek-cards', cron: '5 * * * *', task: REFRESH_TREK_CARDS, catchUp: 1 },
  {
    name: 'sign-in-state-purge',
    cron: '15 4 * * *',
    task: PURGE_SPENT_SIGN_IN_STATE,
    catchUp: 1,
  },
]
