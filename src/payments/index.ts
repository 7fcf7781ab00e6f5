import type { CollectionConfig, Endpoint, Plugin } from 'payload'

export const paymentCollections: CollectionConfig[] = []
export const paymentEndpoints: Endpoint[] = []
export const paymentsPlugin: Plugin = (config) => config
