import type { FlattenedField } from 'payload'

import { badRequest } from './queryLimits'

/**
 * Field types that hold one plain value (or, with `hasMany`, a list of them). Payload turns such
 * a value into text, a number or a date (`String(v)`, `new Date(v)`) in its validation and in
 * hooks before refusing it, so an object there, above all one given its own `toString` or
 * `valueOf` key by JSON, throws "Cannot convert object to primitive value": a 500, not a 400.
 */
const SCALAR_TYPES = new Set(['number', 'date', 'select', 'radio', 'checkbox'])

/** Field types whose value holds more fields: a named group or tab (an object), an array (rows). */
const isNested = (
  field: FlattenedField,
): field is FlattenedField & { flattenedFields: FlattenedField[] } =>
  (field.type === 'group' || field.type === 'tab' || field.type === 'array') &&
  'flattenedFields' in field

const isEmpty = (value: unknown) => value === null || value === undefined || value === ''

/** The year range of a four-digit ISO date, which is how Payload hands a date to PostgreSQL. */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z')
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z')

/**
 * A calendar date written as `YYYY-MM-DD…` must exist: JavaScript reads "2026-02-30" as 2 March
 * and would store a date nobody typed.
 */
function calendarDayExists(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim())
  if (!match) {
    return true
  }
  const [year, month, day] = match.slice(1).map(Number)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days !== undefined && day >= 1 && day <= days
}

/**
 * A date Payload and PostgreSQL can both read: text or a number JavaScript reads as a date
 * (not "x", "2026-13-45" or "2026-02-30", nor 1e308, which is past what a date holds) in years
 * 1 to 9999, or a Date from server code.
 */
function isDate(value: unknown): boolean {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : null
  if (date === null || Number.isNaN(date.getTime())) {
    return false
  }
  if (typeof value === 'string' && !calendarDayExists(value)) {
    return false
  }
  return date.getTime() >= EARLIEST_MS && date.getTime() <= LATEST_MS
}

function checkScalar(field: FlattenedField, value: unknown, path: string) {
  const hasMany = 'hasMany' in field && field.hasMany === true
  const items = hasMany && Array.isArray(value) ? value : [value]
  for (const item of items) {
    if (isEmpty(item)) {
      continue
    }
    if (field.type === 'date') {
      if (!isDate(item)) {
        throw badRequest(`${path} must be a date (such as 2026-10-01)`)
      }
    } else if (typeof item === 'object') {
      throw badRequest(`${path} must be a single value, not an object or a list`)
    }
  }
}

/**
 * Plain-value fields (numbers, dates, choices, checkboxes) must hold plain values and dates
 * real dates, at any depth of groups, tabs and array rows, so each is refused by name (400)
 * before any hook or validation reads it. Whether a value is one of a field's options, or in
 * its range, stays with the field's own validation.
 */
export function checkScalarValues(
  data: Record<string, unknown>,
  fields: FlattenedField[],
  prefix = '',
) {
  for (const field of fields) {
    if (!Object.hasOwn(data, field.name)) {
      continue
    }
    const value = data[field.name]
    const path = `${prefix}${field.name}`
    if (SCALAR_TYPES.has(field.type)) {
      checkScalar(field, value, path)
    } else if (isNested(field)) {
      const rows = field.type === 'array' ? (Array.isArray(value) ? value : []) : [value]
      rows.forEach((row, index) => {
        if (row && typeof row === 'object' && !Array.isArray(row)) {
          const rowPath = field.type === 'array' ? `${path}.${index}.` : `${path}.`
          checkScalarValues(row as Record<string, unknown>, field.flattenedFields, rowPath)
        }
      })
    }
  }
}
