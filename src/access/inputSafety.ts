import {
  executeAccess,
  NotFound,
  type CollectionBeforeOperationHook,
  type FlattenedField,
  type PayloadRequest,
} from 'payload'

import { documentRefsAsIds, lexicalShapeProblem } from '@/fields/lexicalShape'
import { isNestedTooDeep, MAX_NESTING } from '@/security/nesting'
import { showsNothing } from '@/shared/blank'
import { withoutNul } from '@/shared/nul'

import { refuseUnreadablePaths } from './queryPathAccess'
import { checkScalarValues } from './scalarValues'
import {
  badRequest,
  checkJsonValue,
  checkValueShape,
  checkOperatorFits,
  checkSort,
  valuesOf,
  whereLeaves,
  type WhereLeaf,
} from './queryLimits'
import type { ResolvedPath } from './queryPaths'
import { refuseSortsIntoUnreadableRows } from './sortPathAccess'
import { refuseUnknownFields } from './unknownFields'

/** Every collection's id is a PostgreSQL `serial`: a whole number up to 2^31 - 1. */
const MAX_ID = 2_147_483_647
const MAX_PAGE = 1_000_000

const isWholeNumber = (value: unknown) =>
  (typeof value === 'number' || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))) &&
  Number.isSafeInteger(Number(value))

export const isRowId = (value: unknown) =>
  isWholeNumber(value) && Number(value) >= 1 && Number(value) <= MAX_ID

function checkPaging(args: { page?: unknown; limit?: unknown }) {
  if (args.page !== undefined && args.page !== null && args.page !== '') {
    if (!isWholeNumber(args.page) || Number(args.page) < 1 || Number(args.page) > MAX_PAGE) {
      throw badRequest(`page must be a whole number from 1 to ${MAX_PAGE}`)
    }
  }
  if (args.limit !== undefined && args.limit !== null && args.limit !== '') {
    if (!isWholeNumber(args.limit) || Number(args.limit) < 0) {
      throw badRequest('limit must be a whole number of 0 or more')
    }
  }
}

/** Operators whose value is compared with the stored value (not `exists`, `like` on text…). */
const VALUE_OPERATORS = new Set([
  'equals',
  'not_equals',
  'in',
  'not_in',
  'all',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
])

type FieldKind = 'id' | 'number' | 'other'

function kindOf({ field, isId }: ResolvedPath): FieldKind {
  if (isId) {
    return 'id'
  }
  if (
    field &&
    (field.type === 'relationship' || field.type === 'upload') &&
    typeof field.relationTo === 'string'
  ) {
    return 'id'
  }
  return field?.type === 'number' ? 'number' : 'other'
}

function valueFits(kind: FieldKind, value: unknown): boolean {
  if (value === null || value === undefined || value === '') {
    return true
  }
  if (kind === 'id') {
    // Any integer column value may be compared (`greater_than: 0` starts a cursor), so only
    // what PostgreSQL cannot read as an integer is refused.
    return isWholeNumber(value) && Math.abs(Number(value)) <= MAX_ID
  }
  return (typeof value === 'number' || typeof value === 'string') && Number.isFinite(Number(value))
}

/**
 * A select field is a PostgreSQL enum: a value outside its options was answered 400, but only
 * after the database refused the query, which was logged at ERROR for anyone to cause
 * (`/api/badges?where[rule][equals]=x` anonymously; review round 38). Judged here instead.
 */
function checkSelectValues(leaf: WhereLeaf) {
  const field = leaf.resolved.field
  if (field?.type !== 'select' || !VALUE_OPERATORS.has(leaf.operator)) {
    return
  }
  const allowed = new Set(
    field.options.map((option) => (typeof option === 'string' ? option : option.value)),
  )
  const values = valuesOf(leaf.operator, leaf.value)
  if (!values.every((value) => value === null || value === '' || allowed.has(String(value)))) {
    throw badRequest(`${leaf.trail}[${leaf.operator}] must be one of: ${[...allowed].join(', ')}`)
  }
}

/**
 * A filter the database cannot answer is the caller's mistake (400), not a database error
 * (500): an operator the field cannot be queried with, or a value that cannot be stored in the
 * column and so cannot match it either. The size limits of queryLimits.ts apply to callers
 * from outside (REST, GraphQL, the admin); server code (the Local API) is trusted with its own.
 */
function checkWhere(
  where: unknown,
  fields: FlattenedField[],
  req: PayloadRequest,
  external: boolean,
): WhereLeaf[] {
  const leaves = whereLeaves(req.payload, fields, where, external)
  for (const leaf of leaves) {
    checkOperatorFits(leaf)
    if (external) {
      checkValueShape(leaf)
    }
    checkJsonValue(leaf)
    checkSelectValues(leaf)
    const kind = kindOf(leaf.resolved)
    if (kind === 'other' || !VALUE_OPERATORS.has(leaf.operator)) {
      continue
    }
    // An empty item in a list (`where[id][in]=`) reached PostgreSQL as NaN (review round 42).
    const listed = ['in', 'not_in', 'all'].includes(leaf.operator)
    const items = valuesOf(leaf.operator, leaf.value)
    if (!items.every((item) => valueFits(kind, item) && !(listed && item === ''))) {
      const expected = kind === 'id' ? 'ids (whole numbers)' : 'numbers'
      throw badRequest(`${leaf.trail}[${leaf.operator}] must be ${expected}`)
    }
  }
  return leaves
}

const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'code'])

const isBlank = (value: unknown) => typeof value === 'string' && value !== '' && showsNothing(value)

/**
 * A row's required text is judged as a top-level one is: a trek FAQ whose question is spaces
 * would show the public an empty question (session 15's note). Named by its path, `faqs.2.question`.
 */
function refuseBlankRowText(
  arrayName: string,
  rows: Array<Record<string, unknown>>,
  rowFields: FlattenedField[],
) {
  rows.forEach((row, index) => {
    for (const field of rowFields) {
      if (
        TEXT_TYPES.has(field.type) &&
        'required' in field &&
        field.required &&
        isBlank(row[field.name])
      ) {
        throw badRequest(`${arrayName}.${index}.${field.name} must not be blank`)
      }
    }
  })
}

function isIdOrEmpty(value: unknown) {
  return value === null || value === undefined || value === '' || isRowId(value)
}

/**
 * Top-level text fields must be text and single relations must name a row: a list or an
 * object in a text field, or `-1` in a relation, fails inside Payload or PostgreSQL with a 500
 * otherwise; plain-value fields hold plain values and dates real dates (scalarValues.ts), and
 * rich text's links and relations name a collection and a document id. Richer checks stay with
 * each field's own validation.
 */
function checkFieldTypes(
  data: Record<string, unknown>,
  fields: FlattenedField[],
  isCollection: (slug: string) => boolean,
) {
  checkScalarValues(data, fields)
  for (const field of fields) {
    if (!(field.name in data) || field.name === 'id') {
      continue
    }
    const value = data[field.name]
    const hasMany = 'hasMany' in field && field.hasMany === true
    const items = hasMany && Array.isArray(value) ? value : [value]
    if (hasMany && value !== null && value !== undefined && !Array.isArray(value)) {
      throw badRequest(`${field.name} must be a list`)
    }
    if (TEXT_TYPES.has(field.type)) {
      if (!items.every((item) => item === null || item === undefined || typeof item === 'string')) {
        throw badRequest(`${field.name} must be text`)
      }
      // Payload's `required` takes spaces for a value: an emergency contact named "   " was
      // stored and copied onto bookings as the person to call (review round 37).
      if ('required' in field && field.required && isBlank(value)) {
        throw badRequest(`${field.name} must not be blank`)
      }
    }
    if ((field.type === 'array' || field.type === 'blocks') && value === null) {
      // `"faqs": null`, the usual JSON for "none", crashed Payload's row upsert with a TypeError,
      // a 500 (review round 42): it means no rows, as `[]` does.
      data[field.name] = []
      continue
    }
    if (
      (field.type === 'array' || field.type === 'blocks') &&
      typeof value === 'number' &&
      value !== 0
    ) {
      // Payload reads a number as the admin's count of rows and saved none: `{"faqs": 2}`
      // deleted every FAQ with a 200 (review round 42). Only the admin's 0, an empty list, is.
      throw badRequest(`${field.name} must be a list of rows, each an object of fields`)
    }
    if (
      field.type === 'select' &&
      !items.every((item) => item === null || item === undefined || typeof item === 'string')
    ) {
      // A number or true reached PostgreSQL's enum, refused there and logged at ERROR (round 42).
      const options = field.options.map((option) =>
        typeof option === 'string' ? option : option.value,
      )
      throw badRequest(`${field.name} must be one of: ${options.join(', ')}`)
    }
    if (field.type === 'array' && Array.isArray(value)) {
      // Payload drops a row that is not an object and saves the rest: `{"faqs": [1]}` emptied
      // a trek's FAQs with a 200 (review round 36). (The admin sends an empty list as its row
      // count, 0, which Payload reads as no rows: only a list is judged here.)
      if (!value.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
        throw badRequest(`${field.name} must be a list of rows, each an object of fields`)
      }
      refuseBlankRowText(field.name, value as Array<Record<string, unknown>>, field.flattenedFields)
    }
    if (field.type === 'richText' && value !== null && value !== undefined) {
      const problem = lexicalShapeProblem(value, isCollection)
      if (problem) {
        throw badRequest(`${field.name} ${problem}`)
      }
    }
    if (
      (field.type === 'relationship' || field.type === 'upload') &&
      typeof field.relationTo === 'string'
    ) {
      const ids = items.map((item) =>
        item && typeof item === 'object' && 'id' in item ? (item as { id: unknown }).id : item,
      )
      if (!ids.every(isIdOrEmpty)) {
        throw badRequest(`${field.name} must be the id of a ${field.relationTo} document`)
      }
    }
  }
}

/**
 * `createdAt` and `updatedAt` are the server's: a value a caller sends is dropped, so nobody
 * dates a post into next century (the feed is newest first) or past what a JavaScript date
 * holds. They stay accepted in a body, so a document read and sent back whole still saves.
 */
export function withoutTimestamps(data: Record<string, unknown>) {
  if (!('createdAt' in data) && !('updatedAt' in data)) {
    return data
  }
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = data
  return rest
}

/** Rich-text nodes that name a document keep its id only (documentRefsAsIds). */
function withDocumentRefsAsIds(data: Record<string, unknown>, fields: FlattenedField[]) {
  const richText = fields.filter((field) => field.type === 'richText' && data[field.name])
  if (richText.length === 0) {
    return data
  }
  const copy = { ...data }
  for (const field of richText) {
    copy[field.name] = documentRefsAsIds(copy[field.name])
  }
  return copy
}

/**
 * The route refuses a JSON body nested past the limit, but not the `_payload` of a multipart
 * form (the admin's shape, parsed by Payload after the route): 10,000 levels of lists there
 * overflowed Payload's copy of the data, a 500 (a multipart preference, session 15).
 */
export function refuseDeepData(data: unknown) {
  if (isNestedTooDeep(data)) {
    throw badRequest(`The request body is nested more than ${MAX_NESTING} levels deep`)
  }
}

/**
 * One guard for every collection operation, before Payload builds a query or runs a hook:
 * a document id that cannot exist is 404, paging and filters that cannot be queried are 400,
 * and a create or update body must be a JSON object (a `null`, a string or a list is 400) whose
 * text fields hold text, whose rich-text fields are bounded Lexical documents and whose
 * relations hold ids. A body sent over REST (the apps and the admin, which posts `_payload`)
 * may name only the collection's fields; server code (the Local API) and GraphQL, whose schema
 * already refuses unknown input fields, are not checked for them. `createdAt` and `updatedAt`
 * sent by anyone but server code overriding access are dropped. A sort through a relationship
 * is judged for anyone Payload checks access for, the admin's list view included.
 */
export const refuseMalformedInput: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  overrideAccess,
  req,
}) => {
  if ('id' in args && args.id !== undefined && !isRowId(args.id)) {
    throw new NotFound(req.t)
  }
  if (operation === 'create' || operation === 'update') {
    const data = (args as { data?: unknown }).data
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw badRequest('The request body must be a JSON object of fields')
    }
    if (req.payloadAPI === 'REST' && overrideAccess !== true) {
      // Who may write at all is answered first: a caller refused anyway learns nothing from
      // how their body is wrong (an anonymous write is 401 whatever it holds).
      const id = (args as { id?: number | string }).id
      await executeAccess({ req, id, data }, collection.access[operation])
      refuseUnknownFields(data as Record<string, unknown>, collection, operation)
    }
    refuseDeepData(data)
    // Timestamps the caller may not set are dropped first, whatever they hold, so they are
    // never refused as dates either (a document read and sent back whole still saves).
    // An address is refused, not changed: `asha\u0000@obs.test` is no one's (round 42).
    for (const field of collection.flattenedFields) {
      const value = (data as Record<string, unknown>)[field.name]
      if (field.type === 'email' && typeof value === 'string' && value.includes('\u0000')) {
        throw badRequest(`${field.name} must not contain NUL characters`)
      }
    }
    let fields = withoutNul(data as Record<string, unknown>)
    args = { ...args, data: fields } as typeof args
    if (req.payloadAPI !== 'local' || overrideAccess !== true) {
      fields = withoutTimestamps(fields)
      args = { ...args, data: fields } as typeof args
    }
    // An own key only: `constructor` or `__proto__` finds Object.prototype's members in the map.
    const isCollection = (slug: string) => Object.hasOwn(req.payload.collections, slug)
    checkFieldTypes(fields, collection.flattenedFields, isCollection)
    args = {
      ...args,
      data: withDocumentRefsAsIds(fields, collection.flattenedFields),
    } as typeof args
  }
  checkPaging(args as { page?: unknown; limit?: unknown })
  const external = req.payloadAPI !== 'local'
  const leaves = checkWhere(
    (args as { where?: unknown }).where,
    collection.flattenedFields,
    req,
    external,
  )
  if (external) {
    checkSort((args as { sort?: unknown }).sort)
    if (overrideAccess !== true) {
      await refuseUnreadablePaths(leaves, req)
    }
  }
  if (overrideAccess !== true) {
    // The admin's list view sorts through the Local API on the signed-in user's behalf.
    await refuseSortsIntoUnreadableRows(
      (args as { sort?: unknown }).sort,
      collection.flattenedFields,
      req,
    )
  }
  return args
}
