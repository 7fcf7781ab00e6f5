import type { CollectionConfig, TaskConfig } from 'payload'

import { Bookings } from './collections/Bookings'

export const bookingCollections: CollectionConfig[] = [Bookings]
export const bookingTasks: TaskConfig[] = []
