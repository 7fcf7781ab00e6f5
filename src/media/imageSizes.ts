import type { ImageSize } from 'payload'

/** Image sizes the apps ask for: list thumbnails, cards, and full-width heroes. */
export const IMAGE_SIZES: ImageSize[] = [
  {
    name: 'thumbnail',
    width: 320,
    height: 320,
    position: 'centre',
    formatOptions: { format: 'webp', options: { quality: 75 } },
  },
  {
    name: 'card',
    width: 768,
    height: 512,
    position: 'centre',
    formatOptions: { format: 'webp', options: { quality: 80 } },
  },
  {
    name: 'hero',
    width: 1600,
    withoutEnlargement: true,
    formatOptions: { format: 'webp', options: { quality: 82 } },
  },
]

export const IMAGE_SIZE_NAMES = IMAGE_SIZES.map((size) => size.name)
