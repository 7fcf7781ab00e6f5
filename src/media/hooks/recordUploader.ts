import type { CollectionBeforeChangeHook } from 'payload'

import type { AuthUser } from '@/access/roles'
import type { Media } from '@/payload-types'
import { relationId } from '@/shared/relationId'

import { visibilityOfNewUpload } from '../visibility'

/** Who uploaded a file decides who sees it until something public shows it. */
export const recordUploader: CollectionBeforeChangeHook<Media> = ({ data, operation, req }) => {
  if (operation === 'create') {
    const user = req.user as AuthUser
    data.uploadedBy = relationId(user)
    data.visibility = visibilityOfNewUpload(user)
  }
  return data
}
