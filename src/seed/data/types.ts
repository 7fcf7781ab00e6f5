import type { Trek, User } from '@/payload-types'

export type TrekTheme = NonNullable<Trek['themes']>[number]
export type Difficulty = Trek['difficulty']
export type StaffRole = NonNullable<User['staffRole']>

export type SeedRegion = {
  name: string
  slug: string
  country: 'India' | 'Nepal'
  description: string
}

/** One day on the trail; `altitude` is the highest point reached that day, in metres. */
export type SeedDay = {
  title: string
  /** Where the night is spent; absent on the day the trek ends. */
  campName?: string
  altitude: number
  distanceKm: number
  description: string
  mealPlan: string
}

export type SeedTrek = {
  name: string
  slug: string
  /** Slug of a SeedRegion. */
  region: string
  status?: 'active' | 'draft' | 'archived'
  /** Tents on the trail, or lodges and teahouses along it. */
  style: 'camping' | 'teahouse'
  description: string
  maxAltitude: number
  totalDistance: number
  difficulty: Difficulty
  maxGroupSize?: number
  themes: TrekTheme[]
  bestMonths: number[]
  /** Per trekker in rupees for a regular departure. */
  basePrice: number
  /** Added to the shared lists for the trek's difficulty. */
  extraInclusions?: string[]
  extraExclusions?: string[]
  extraPacking?: string[]
  fitnessPrep: string
  faqs: { question: string; answer: string }[]
  /** Day 1 first; their count is the trek's duration. */
  days: SeedDay[]
}

export type SeedGuide = {
  name: string
  email: string
  bio: string
  yearsExp: number
  /** Slugs of the regions the guide leads in. */
  regions: string[]
  certifications: string[]
  satellitePhone: string
}

export type SeedAccount = {
  email: string
  firstName: string
  lastName: string
  staffRole: StaffRole | null
  phone?: string
  dateOfBirth?: string
  experienceLevel?: NonNullable<User['experienceLevel']>
  tribeHandle?: string
  bio?: string
}
