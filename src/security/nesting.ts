import { MAX_RICH_TEXT_VALUE_DEPTH } from '@/fields/lexicalShape'

/**
 * Deeper than any document of ours: a rich-text body as deep as its own limit allows (each node
 * level is two JSON levels, its `children` list and the node), inside its field and the body.
 * Payload copies a write's data recursively before its change hooks, and 10,000 levels of lists
 * overflowed its stack, a 500 (review round 36). (It was 64, which refused rich text nested
 * past about 30 levels that the rich-text check allows to 50: session 15.)
 */
export const MAX_NESTING = MAX_RICH_TEXT_VALUE_DEPTH + 8

/** How deep lists and objects nest, counted without recursion (the point is deep input). */
export function nestingDepth(root: unknown): number {
  let deepest = 0
  const pending: Array<[unknown, number]> = [[root, 1]]
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!
    if (value === null || typeof value !== 'object') {
      continue
    }
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_NESTING) {
      return deepest
    }
    for (const child of Object.values(value)) {
      pending.push([child, depth + 1])
    }
  }
  return deepest
}

export const isNestedTooDeep = (value: unknown) => nestingDepth(value) > MAX_NESTING
