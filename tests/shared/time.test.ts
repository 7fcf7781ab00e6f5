import { describe, expect, it } from '@jest/globals'

import { addDays, formatKolkataDateTime, isCalendarDay, startOfKolkataDay } from '@/shared/time'

describe('Kolkata calendar days', () => {
  it('knows which days the calendar has', () => {
    expect(['2026-12-05', '2028-02-29', '2026-01-31'].map(isCalendarDay)).toEqual([
      true,
      true,
      true,
    ])
    expect(
      ['2026-02-31', '2027-02-29', '2026-13-01', '2026-00-10', '2026-4-1', '26-04-01'].map(
        isCalendarDay,
      ),
    ).toEqual([false, false, false, false, false, false])
  })

  it('begins a day at midnight in India and refuses a day the calendar lacks', () => {
    expect(startOfKolkataDay('2026-12-05').toISOString()).toBe('2026-12-04T18:30:00.000Z')
    expect(() => startOfKolkataDay('2026-02-31')).toThrow('Not a calendar day: 2026-02-31')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })
})

describe('Kolkata times in messages', () => {
  it('writes the hour after midnight as 00, not 24', () => {
    expect(formatKolkataDateTime('2026-12-05T19:09:00Z')).toBe('6 Dec 2026, 00:39 IST')
    expect(formatKolkataDateTime('2026-12-05T08:35:00Z')).toBe('5 Dec 2026, 14:05 IST')
  })
})
