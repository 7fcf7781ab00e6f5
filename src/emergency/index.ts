import type { CollectionConfig } from 'payload'

export const emergencyCollections: CollectionConfig[] = []
