import { ValidationError, type CollectionBeforeOperationHook } from 'payload'
import sharp from 'sharp'

import { getEnv } from '@/lib/env'

const ALLOWED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif'])

/**
 * The MIME allowlist trusts what the upload claims; this reads the bytes. Anything sharp does not
 * decode as JPEG, PNG, WebP or AVIF (an SVG renamed .png, HTML, a truncated file) is refused
 * before it is processed or stored.
 */
export const checkImageContent: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') return args
  const refuse = (message: string) => {
    throw new ValidationError({ collection: 'media', errors: [{ path: 'file', message }] }, req.t)
  }
  // a create without a file makes Payload fetch `url` from the server (unbounded, any host):
  // only trusted Local API code may do that
  if (!req.file?.data) {
    if (operation === 'create' && !(args as { overrideAccess?: boolean }).overrideAccess) {
      refuse('Upload the image file itself; uploads by URL are not accepted.')
    }
    return args
  }
  let metadata: sharp.Metadata
  try {
    // reads the header only: the pixels are decoded later, by the bounded sharp Payload is given
    metadata = await sharp(req.file.data).metadata()
  } catch {
    return refuse('The file is not a readable image. Upload a JPEG, PNG, WebP or AVIF photo.')
  }
  const { format, compression, width = 0, height = 0 } = metadata
  const maxPixels = getEnv().MEDIA_MAX_PIXELS
  if (width * height > maxPixels) {
    const megapixels = (pixels: number) => Math.round(pixels / 100_000) / 10
    refuse(
      `The image is ${width}×${height} px (${megapixels(width * height)} megapixels); images may have at most ${megapixels(maxPixels)} megapixels.`,
    )
  }
  // AVIF arrives as heif with av1 compression; HEIC (hevc) is not accepted
  if (!format || !ALLOWED_FORMATS.has(format) || (format === 'heif' && compression !== 'av1')) {
    refuse(`Images must be JPEG, PNG, WebP or AVIF (this file is ${format ?? 'unknown'}).`)
  }
  return args
}
