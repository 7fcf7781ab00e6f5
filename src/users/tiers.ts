export const TRIBE_TIERS = [
  'basecamp',
  'trail_blazer',
  'summit_seeker',
  'peak_bagger',
  'obs_legend',
] as const

export type TribeTier = (typeof TRIBE_TIERS)[number]

/** Points at which each tier begins, from the contract. */
const THRESHOLDS: Array<[number, TribeTier]> = [
  [15000, 'obs_legend'],
  [7000, 'peak_bagger'],
  [3000, 'summit_seeker'],
  [1000, 'trail_blazer'],
  [0, 'basecamp'],
]

export function tierForPoints(points: number): TribeTier {
  return THRESHOLDS.find(([min]) => points >= min)![1]
}

/** Tiers only go up: a later loss of points never demotes a trekker. */
export function higherTier(current: TribeTier | null | undefined, earned: TribeTier): TribeTier {
  const rank = (tier: TribeTier) => TRIBE_TIERS.indexOf(tier)
  return current && rank(current) > rank(earned) ? current : earned
}
