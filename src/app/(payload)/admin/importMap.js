import { RoleDashboard as RoleDashboard_86bcf64f7489d5bf54fbbb6cb4e043b3 } from '../../../admin/dashboard/RoleDashboard'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/admin/dashboard/RoleDashboard#RoleDashboard": RoleDashboard_86bcf64f7489d5bf54fbbb6cb4e043b3,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
