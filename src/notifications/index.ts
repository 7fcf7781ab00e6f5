import type { TaskConfig } from 'payload'

export const notificationTasks: TaskConfig[] = []
