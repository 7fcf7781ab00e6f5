/** A minimal Lexical document with one paragraph, as the admin editor would save it. */
export function paragraph(text: string) {
  return {
    root: {
      type: 'root',
      format: '',
      indent: 0,
      version: 1,
      direction: 'ltr',
      children: [
        {
          type: 'paragraph',
          format: '',
          indent: 0,
          version: 1,
          direction: 'ltr',
          textFormat: 0,
          children: [
            { type: 'text', text, format: 0, detail: 0, mode: 'normal', style: '', version: 1 },
          ],
        },
      ],
    },
  }
}

export const textOf = (body: any): string => body?.root?.children?.[0]?.children?.[0]?.text

/** A Lexical document with one paragraph and one upload node showing the media `mediaId`. */
export function withPicture(text: string, mediaId: number) {
  const doc = paragraph(text)
  doc.root.children.push({
    type: 'upload',
    version: 3,
    format: '',
    relationTo: 'media',
    value: mediaId,
    fields: null,
  } as never)
  return doc
}
