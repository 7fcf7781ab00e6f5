/**
 * What a stored Lexical document may look like. Payload walks rich text recursively
 * (population, deep copies, validation); a tree that is not Lexical-shaped or is thousands of
 * levels deep makes those walks throw or overflow the stack, a 500 instead of a 400.
 */
export const MAX_RICH_TEXT_DEPTH = 50
export const MAX_RICH_TEXT_NODES = 10_000
/**
 * How deep any value in the document may nest, node properties (`style`, a link's `fields`)
 * included: nodes nested 50 deep take about two levels each (the node, its `children`), and a
 * node's own properties a few more. A `style` nested 4,100 deep overflowed Payload's recursive
 * copy of the data, a 500 (review round 24).
 */
export const MAX_RICH_TEXT_VALUE_DEPTH = 2 * MAX_RICH_TEXT_DEPTH + 20

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

/** A document id, or a populated document (as a read at depth returns it) carrying one. */
function isDocumentRef(value: unknown): boolean {
  const id = isPlainObject(value) ? value.id : value
  return typeof id === 'number' || typeof id === 'string'
}

/**
 * What a node that names a document (a relationship or upload node, an internal link's `doc`)
 * must hold: Payload looks the collection up by `relationTo` and turns `value` into an id, and
 * an unknown collection (`constructor` finds Object.prototype's) or an object with its own
 * `toString` as `value` made those throw: a 500.
 */
function documentProblem(
  type: string,
  target: Record<string, unknown>,
  isCollection: (slug: string) => boolean,
): string | null {
  if (typeof target.relationTo !== 'string' || !isCollection(target.relationTo)) {
    return `has a ${type} node that names no collection of this service`
  }
  if (target.value !== null && target.value !== undefined && !isDocumentRef(target.value)) {
    return `has a ${type} node whose value is not a document id`
  }
  return null
}

function nodeProblem(
  node: Record<string, unknown>,
  isCollection: (slug: string) => boolean,
): string | null {
  if (node.type === 'relationship' || node.type === 'upload') {
    return documentProblem(node.type, node, isCollection)
  }
  if (node.type === 'link' && isPlainObject(node.fields)) {
    const doc = node.fields.doc
    if (doc === null || doc === undefined) {
      return null
    }
    return isPlainObject(doc)
      ? documentProblem('link', doc, isCollection)
      : 'has a link node whose `doc` is not an object'
  }
  return null
}

/** Whether any object or list inside `value` lies deeper than `max` levels. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  // Explicit stack, like the node walk below: it must not overflow on what it refuses.
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (typeof current !== 'object' || current === null) {
      continue
    }
    if (depth > max) {
      return true
    }
    for (const inner of Object.values(current)) {
      stack.push({ value: inner, depth: depth + 1 })
    }
  }
  return false
}

/**
 * Returns why `value` is not a Lexical document, or `null` when it is one. `isCollection` tells
 * the collections nodes may name (any string when the caller does not know them).
 */
export function lexicalShapeProblem(
  value: unknown,
  isCollection: (slug: string) => boolean = () => true,
): string | null {
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
      const problem = nodeProblem(child, isCollection)
      if (problem) {
        return problem
      }
      stack.push({ node: child, depth: depth + 1 })
    }
  }
  if (nestsDeeperThan(value, MAX_RICH_TEXT_VALUE_DEPTH)) {
    return `holds a value nested deeper than ${MAX_RICH_TEXT_VALUE_DEPTH} levels`
  }
  return null
}

/** A document reference reduced to its id (a populated document carries one). */
const idOnly = (value: unknown) => (isPlainObject(value) ? value.id : value)

/**
 * The document with every node that names a document holding that document's id only: an
 * upload node sent with `{"id": 12, "url": "https://elsewhere/pixel.png"}` was stored and read
 * back so at depth 0, a picture from anywhere under a member's name, and a relationship node a
 * forged quote of another member's post (review round 37). Reads at depth fill them in again.
 * Call after lexicalShapeProblem found the document sound.
 */
export function documentRefsAsIds<T>(value: T): T {
  if (!isPlainObject(value) || !isPlainObject(value.root)) {
    return value
  }
  const copy = structuredClone(value) as Record<string, unknown> & {
    root: Record<string, unknown>
  }
  const stack: Record<string, unknown>[] = [copy.root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if ((node.type === 'relationship' || node.type === 'upload') && 'value' in node) {
      node.value = idOnly(node.value)
    }
    if (node.type === 'link' && isPlainObject(node.fields) && isPlainObject(node.fields.doc)) {
      node.fields.doc.value = idOnly(node.fields.doc.value)
    }
    if (Array.isArray(node.children)) {
      stack.push(...node.children.filter(isPlainObject))
    }
  }
  return copy as T
}
