import { ValidationError, type CollectionBeforeOperationHook } from 'payload'
import sharp from 'sharp'

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
  let format: string | undefined
  let compression: string | undefined
  try {
    ;({ format, compression } = await sharp(req.file.data, { limitInputPixels: 100_000_000 }).metadata())
  } catch {
    return refuse('The file is not a readable image. Upload a JPEG, PNG, WebP or AVIF photo.')
  }
  // AVIF arrives as heif with av1 compression; HEIC (hevc) is not accepted
  if (!format || !ALLOWED_FORMATS.has(format) || (format === 'heif' && compression !== 'av1')) {
    refuse(`Images must be JPEG, PNG, WebP or AVIF (this file is ${format ?? 'unknown'}).`)
  }
  return args
}
