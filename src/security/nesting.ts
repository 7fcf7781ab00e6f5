/**
 * Deeper than any document of ours (a rich-text body of lists in lists stays well inside):
 * Payload copies a write's data recursively before its change hooks, and 10,000 levels of lists
 * overflowed its stack, a 500 (review round 36).
 */
export const MAX_NESTING = 64

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
