import type { CollectionConfig, TaskConfig } from 'payload'

export const bookingCollections: CollectionConfig[] = []
export const bookingTasks: TaskConfig[] = []
