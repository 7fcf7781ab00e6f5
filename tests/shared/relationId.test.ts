import { describe, expect, it } from '@jest/globals'

import { relationId, requiredRelationId } from '@/shared/relationId'

describe('relationId', () => {
  it('reads a bare id, a numeric string and a populated document alike', () => {
    expect(relationId(42)).toBe(42)
    expect(relationId('42')).toBe(42)
    expect(relationId({ id: 42, name: 'Hampta Pass' })).toBe(42)
    expect(relationId({ id: '42' })).toBe(42)
  })

  it('treats nothing as no relation', () => {
    expect(relationId(null)).toBeNull()
    expect(relationId(undefined)).toBeNull()
    expect(relationId('')).toBeNull()
    expect(relationId({ id: null })).toBeNull()
    expect(relationId({})).toBeNull()
  })

  it('refuses what cannot be a row id: zero, negatives, fractions, words, booleans', () => {
    for (const value of [0, -3, 1.5, 'abc', '12abc', NaN, true, false, [7]]) {
      expect(relationId(value)).toBeNull()
    }
  })
})

describe('requiredRelationId', () => {
  it('returns the id when there is one', () => {
    expect(requiredRelationId({ id: 7 })).toBe(7)
    expect(requiredRelationId('7')).toBe(7)
  })

  it('throws when the relation is missing or unusable', () => {
    expect(() => requiredRelationId(null)).toThrow('Missing relationship')
    expect(() => requiredRelationId(undefined)).toThrow('Missing relationship')
    expect(() => requiredRelationId('abc')).toThrow('Missing relationship')
  })
})
