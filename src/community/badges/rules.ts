import type { BADGE_RULES } from '../Badges'

export type BadgeRule = (typeof BADGE_RULES)[number]

/** What a user has done, as far as badges care. */
export type BadgeFacts = {
  completedTreks: number
  highestAltitude: number
  regionsTrekked: number
  publishedPosts: number
}

/** Each rule a badge can use, as a test on the facts. */
export const BADGE_RULE_TESTS: Record<BadgeRule, (facts: BadgeFacts) => boolean> = {
  first_trek_completed: (facts) => facts.completedTreks >= 1,
  five_treks_completed: (facts) => facts.completedTreks >= 5,
  above_5000m: (facts) => facts.highestAltitude > 5000,
  three_regions: (facts) => facts.regionsTrekked >= 3,
  first_post: (facts) => facts.publishedPosts >= 1,
}

export function earnedRules(facts: BadgeFacts): BadgeRule[] {
  return (Object.keys(BADGE_RULE_TESTS) as BadgeRule[]).filter((rule) =>
    BADGE_RULE_TESTS[rule](facts),
  )
}
