import type { JobsConfig } from 'payload'

import { bookingTasks } from '@/bookings'
import { notificationTasks } from '@/notifications'
import { paymentTasks } from '@/payments'

/** Every background task of every domain; the runner and schedules are configured here. */
export const jobsConfig: JobsConfig = {
  tasks: [...bookingTasks, ...notificationTasks, ...paymentTasks],
}
