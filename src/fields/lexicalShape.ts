/**
 * What a stored Lexical document may look like. Payload walks rich text recursively
 * (population, deep copies, validation); a tree that is not Lexical-shaped or is thousands of
 * levels deep makes those walks throw or overflow the stack, a 500 instead of a 400.
 */
export const MAX_RICH_TEXT_DEPTH = 50
export const MAX_RICH_TEXT_NODES = 10_000

/** Node types of the default `lexicalEditor()` features this project configures. */
const KNOWN_NODE_TYPES = new Set([
  'paragraph',
  'text',
  'linebreak',
  'tab',
  'heading',
  'quote',
  'list',
  'listitem',
  'link',
  'autolink',
  'relationship',
  'upload',
  'horizontalrule',
])

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Returns why `value` is not a Lexical document, or `null` when it is one. */
export function lexicalShapeProblem(value: unknown): string | null {
  if (!isPlainObject(value) || !isPlainObject(value.root)) {
    return 'must be a Lexical document: an object with a `root` node'
  }
  if (value.root.type !== 'root') {
    return 'must have a root node of type "root"'
  }
  let nodes = 0
  // Explicit stack: the walk itself must not overflow on the very trees it refuses.
  const stack: Array<{ node: Record<string, unknown>; depth: number }> = [
    { node: value.root, depth: 0 },
  ]
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (!('children' in node) || node.children === undefined) {
      continue
    }
    if (!Array.isArray(node.children)) {
      return 'has a node whose `children` is not a list'
    }
    for (const child of node.children as unknown[]) {
      nodes += 1
      if (nodes > MAX_RICH_TEXT_NODES) {
        return `has more than ${MAX_RICH_TEXT_NODES} nodes`
      }
      if (depth + 1 > MAX_RICH_TEXT_DEPTH) {
        return `is nested deeper than ${MAX_RICH_TEXT_DEPTH} levels`
      }
      if (!isPlainObject(child) || typeof child.type !== 'string') {
        return 'has a node that is not an object with a string `type`'
      }
      if (!KNOWN_NODE_TYPES.has(child.type)) {
        return `has a node of unknown type "${child.type.slice(0, 40)}"`
      }
      stack.push({ node: child, depth: depth + 1 })
    }
  }
  return null
}
