/** What an upload really is, judged from its bytes rather than its name or claimed type. */
export type FileKind = 'jpeg' | 'png' | 'webp' | 'gpx' | 'other'

const startsWith = (data: Buffer, bytes: number[], offset = 0) =>
  data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b)

/** The first element of an XML text, after the declaration, comments and doctype. */
function rootElement(text: string): string | null {
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[\s\S]*?\?>/, '')
    .replace(/^(\s*(<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*/i, '')
    .trimStart()
  const match = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(body)
  return match ? match[2] : null
}

export function fileKind(data: Buffer): FileKind {
  if (startsWith(data, [0xff, 0xd8, 0xff])) {
    return 'jpeg'
  }
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'png'
  }
  if (startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'webp'
  }
  const text = data.toString('utf8')
  // A GPX document is closed by its root; a truncated upload is not a track.
  return rootElement(text) === 'gpx' && /<\/([\w.-]+:)?gpx>\s*$/.test(text) ? 'gpx' : 'other'
}
