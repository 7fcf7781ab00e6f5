import { addDays, kolkataDay, startOfKolkataDay, type KolkataDay } from '@/shared/time'

export { kolkataDay, startOfKolkataDay }

/** The instant the Asia/Kolkata day `day` ends, which is when the next one begins. */
export function endOfKolkataDay(day: KolkataDay): Date {
  return startOfKolkataDay(addDays(day, 1))
}
