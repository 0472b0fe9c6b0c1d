import { randomBytes } from 'node:crypto'
import path from 'node:path'

import type { CollectionBeforeOperationHook } from 'payload'

/**
 * Every stored file gets a name of its own (`holiday-3f9a1c2e.jpg`): Payload makes a taken name
 * unique by looking for it first, so two uploads of `IMG_0001.jpg` at the same moment would both
 * take the same name and one would fail on the unique index.
 */
export const nameFilesUniquely: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if ((operation !== 'create' && operation !== 'update') || !req.file?.name) return args
  const { name, ext } = path.parse(req.file.name)
  const stem = name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'photo'
  req.file.name = `${stem}-${randomBytes(4).toString('hex')}${ext}`
  return args
}
