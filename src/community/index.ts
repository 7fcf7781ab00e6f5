import type { CollectionConfig, TaskConfig } from 'payload'

import { Badges } from './Badges'
import { BadgeAwards } from './badges/BadgeAwards'
import { evaluateBadgesTask } from './badges/evaluateBadges'
import { Posts } from './posts/Posts'

export { BADGE_RULES } from './Badges'
export { EVALUATE_BADGES, evaluateBadges } from './badges/evaluateBadges'
export { queueBadgeEvaluation } from './badges/queueBadgeEvaluation'
export { BADGE_RULE_TESTS, earnedRules, type BadgeFacts, type BadgeRule } from './badges/rules'

export const communityCollections: CollectionConfig[] = [Posts, Badges, BadgeAwards]

export const communityTasks: TaskConfig[] = [evaluateBadgesTask as unknown as TaskConfig]
