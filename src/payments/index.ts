import type { CollectionConfig, Endpoint, Plugin } from 'payload'

import { Payments } from './collections/Payments'

export const paymentCollections: CollectionConfig[] = [Payments]
export const paymentEndpoints: Endpoint[] = []
export const paymentsPlugin: Plugin = (config) => config
