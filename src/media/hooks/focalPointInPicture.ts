import { APIError, type CollectionBeforeOperationHook } from 'payload'

const FOCAL_FIELDS = ['focalX', 'focalY'] as const

/**
 * An upload's focal point is where in the picture to keep when it is cropped, as percentages of
 * its width and height (the admin's default is the middle, 50). Anything else was stored as
 * sent (`focalX` 1,000,000,000) for apps and the admin to frame the picture by (review round
 * 37). Checked before Payload crops the sizes with it.
 */
export const focalPointInPicture: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (operation !== 'create' && operation !== 'update') {
    return args
  }
  const data = (args as { data?: Record<string, unknown> }).data ?? {}
  for (const field of FOCAL_FIELDS) {
    const value = data[field]
    if (value === undefined || value === null || value === '') {
      continue
    }
    const percent = Number(value)
    if (typeof value === 'boolean' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new APIError(`${field} must be a percentage from 0 to 100`, 400, null, true)
    }
  }
  return args
}
