import {
  ValidationError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
} from 'payload'

import { env } from '@/config/env'
import { showsNothing } from '@/shared/blank'

/** Schemes a link in a post may use; relative paths and `#anchors` have none and are fine. */
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel'])
const MAX_LINK_CHARS = 2048
/** The stored document, formatting and node properties included, per character of text. */
const DOCUMENT_CHARS_PER_TEXT_CHAR = 25
/**
 * Relationship, upload and internal-link nodes in one body: each is read and sent with every
 * read of the post, so thousands of them (the size limits allow about 3,000) made one post
 * megabytes of the feed (review round 23). Twice the ten pictures `media` holds.
 */
export const MAX_NAMED_DOCUMENTS = 20

export const LINK_REFUSED =
  'Links may be http, https, mailto or tel addresses, paths on this site or #anchors'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Browsers drop ASCII control characters and spaces around a URL, and tabs and newlines
 * anywhere in it, before reading its scheme: ` java\tscript:` is `javascript:` to them.
 */
const asBrowsersReadIt = (url: string) => url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')

/** Why a link's URL may not be stored, or `null` when it may. */
export function linkUrlProblem(url: unknown): string | null {
  if (url === undefined || url === null) {
    return null
  }
  if (typeof url !== 'string') {
    return 'A link’s url must be text'
  }
  if (url.length > MAX_LINK_CHARS) {
    return `A link may be at most ${MAX_LINK_CHARS} characters long`
  }
  const cleaned = asBrowsersReadIt(url)
  // Only what comes before the first `/`, `?` or `#` can be a scheme.
  const head = cleaned.split(/[/?#]/, 1)[0]
  // `&` there could become a `:` in a client that pastes the href into HTML unescaped
  // (`javascript&colon;…`).
  if (!head.includes(':') && !head.includes('&')) {
    return null
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(head)?.[1]?.toLowerCase()
  if (scheme && LINK_SCHEMES.has(scheme)) {
    return null
  }
  return LINK_REFUSED
}

const NEEDS_CONTENT = 'A post needs some text or a picture'

const namesADocument = (value: unknown) =>
  (typeof value === 'number' || typeof value === 'string') && value !== ''
    ? true
    : isPlainObject(value) && value.id !== undefined && value.id !== null

/**
 * Whether a body shows its reader anything: text that shows, or a picture or document card it
 * names. A link shows only its text (a link to a trek with none, or a relationship node naming
 * nothing, made an empty card: review round 42).
 */
export function bodyShowsSomething(body: unknown): boolean {
  const stack: unknown[] = isPlainObject(body) ? [body.root] : []
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isPlainObject(node)) {
      continue
    }
    if (node.type === 'text' && typeof node.text === 'string' && !showsNothing(node.text)) {
      return true
    }
    if ((node.type === 'relationship' || node.type === 'upload') && namesADocument(node.value)) {
      return true
    }
    if (Array.isArray(node.children)) {
      stack.push(...node.children)
    }
  }
  return false
}

/**
 * Why a post's Lexical body may not be stored, or `null`: a link that could run script in a
 * reader's app or browser (`javascript:`, `data:`, `vbscript:` in any spelling), more text
 * than a post may hold, or more nodes naming other documents than MAX_NAMED_DOCUMENTS. The shape (a Lexical root, known node types, at most 10,000 nodes) was
 * checked before this runs (src/access/inputSafety.ts).
 */
export function postBodyProblem(
  body: unknown,
  maxChars = env.limits.postMaxChars,
  { needsContent = false }: { needsContent?: boolean } = {},
): string | null {
  if (!isPlainObject(body) || !isPlainObject(body.root)) {
    return null
  }
  let chars = 0
  let named = 0
  const stack: Record<string, unknown>[] = [body.root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'text' && typeof node.text === 'string') {
      chars += node.text.length
    }
    if (node.type === 'relationship' || node.type === 'upload') {
      named += 1
    }
    if ((node.type === 'link' || node.type === 'autolink') && isPlainObject(node.fields)) {
      const problem = linkUrlProblem(node.fields.url)
      if (problem) {
        return problem
      }
      if (node.fields.doc !== undefined && node.fields.doc !== null) {
        named += 1
      }
    }
    if (Array.isArray(node.children)) {
      for (const child of node.children) {
        if (isPlainObject(child)) {
          stack.push(child)
        }
      }
    }
  }
  // Payload's `required` takes a paragraph of spaces for content: such a post was published as
  // an empty card in the feed, and earned a first-post badge (review round 39).
  if (needsContent && !bodyShowsSomething(body)) {
    return NEEDS_CONTENT
  }
  if (named > MAX_NAMED_DOCUMENTS) {
    return (
      `A post may show or link at most ${MAX_NAMED_DOCUMENTS} pictures, posts, treks or other ` +
      `pages in its text (this one has ${named})`
    )
  }
  if (chars > maxChars) {
    return `A post may hold at most ${maxChars} characters of text (this one has ${chars})`
  }
  const stored = JSON.stringify(body).length
  if (stored > maxChars * DOCUMENT_CHARS_PER_TEXT_CHAR) {
    return (
      `A post's body may be at most ${maxChars * DOCUMENT_CHARS_PER_TEXT_CHAR} characters as ` +
      `stored, formatting included (this one has ${stored})`
    )
  }
  return null
}

/**
 * A post's body is checked before Payload walks it (populating, validating, copying), on every
 * create and edit, whoever writes it: 400 naming `body`.
 */
export const refuseUnsafePostBody: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (operation !== 'create' && operation !== 'update') {
    return args
  }
  const data = (args as { data?: Record<string, unknown> }).data
  if (!data || !('body' in data)) {
    return args
  }
  // Pictures in `media` are content too; an edit that leaves `media` out keeps the post's own.
  const media = data.media
  const needsContent =
    (operation === 'create' || 'media' in data) && !(Array.isArray(media) && media.length > 0)
  const problem = postBodyProblem(data.body, undefined, { needsContent })
  if (problem) {
    throw new ValidationError({
      collection: 'posts',
      errors: [{ path: 'body', message: problem }],
    })
  }
  return args
}

const hasPictures = (media: unknown) =>
  Array.isArray(media) && media.some((item) => item !== null && item !== undefined)

/**
 * An edit must leave the post something to show, judged on the post as it will be stored:
 * the author's edit of a published post to a body of spaces, or taking away the only picture
 * of a post without text, left an empty card in the feed (review round 41; creates are judged
 * before the author's hourly count, in refuseUnsafePostBody).
 */
export const keepSomethingToShow: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
}) => {
  if (operation !== 'update' || !('body' in data || 'media' in data)) {
    return data
  }
  const body = 'body' in data ? data.body : originalDoc?.body
  const media = 'media' in data ? data.media : originalDoc?.media
  if (!hasPictures(media) && !bodyShowsSomething(body)) {
    throw new ValidationError({
      collection: 'posts',
      errors: [{ path: 'body', message: NEEDS_CONTENT }],
    })
  }
  return data
}
