import { ExportPaymentsButton as ExportPaymentsButton_05f8e8ece7a89a94511fb7dafb5a3e65 } from '@/payments/admin/ExportPaymentsButton'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "@/payments/admin/ExportPaymentsButton#ExportPaymentsButton": ExportPaymentsButton_05f8e8ece7a89a94511fb7dafb5a3e65,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
