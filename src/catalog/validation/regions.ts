import type { TextFieldSingleValidation } from 'payload'

/** Region names are unique; say which name clashes instead of a bare database error. */
export const uniqueRegionName: TextFieldSingleValidation = async (value, { req, id }) => {
  if (typeof value !== 'string' || value.trim() === '') {
    return 'Name is required'
  }
  if (value.length > 120) {
    return 'Name must be at most 120 characters'
  }
  // PostgreSQL cannot store a NUL: its refusal inside this query aborted the transaction under
  // the slug's own query, and the request answered 500 (review round 33).
  if (value.includes('\u0000')) {
    return 'Name must not contain NUL characters'
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
