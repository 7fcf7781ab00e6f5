import type { TextFieldSingleValidation } from 'payload'

/** Region names are unique; say which name clashes instead of a bare database error. */
export const uniqueRegionName: TextFieldSingleValidation = async (value, { req, id }) => {
  if (typeof value !== 'string' || value.trim() === '') {
    return 'Name is required'
  }
  if (value.length > 120) {
    return 'Name must be at most 120 characters'
  }
  const { totalDocs } = await req.payload.count({
    collection: 'regions',
    where: {
      name: { equals: value },
      ...(id !== undefined ? { id: { not_equals: id } } : {}),
    },
    overrideAccess: true,
    req,
  })
  return totalDocs > 0 ? `A region named "${value}" already exists` : true
}
