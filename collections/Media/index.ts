import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { CollectionConfig } from 'payload'

import { authenticated } from '@/access/authenticated'
import { isStaff } from '@/access/roles'
import { getEnv } from '@/lib/env'
import { nobodyField } from '@/access/nobodyField'
import { staffField } from '@/access/staff'
import { staffOrOwner } from '@/access/staffOrOwner'
import { forgetChangedMedium, forgetDeletedMedium } from '../shared/invalidatePublicContent'
import { readMedia } from './access/readMedia'
import { assignOwnership } from './hooks/assignOwnership'
import { checkImageContent } from './hooks/checkImageContent'
import { nameFilesUniquely } from './hooks/nameFilesUniquely'
import { servePathsNotHosts } from './hooks/servePathsNotHosts'
import { throttleUploads } from './hooks/throttleUploads'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/** Raster images only: no SVG, HTML or XML can be uploaded and served back from our origin. */
export const MEDIA_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif']

export const Media: CollectionConfig = {
  slug: 'media',
  admin: {
    useAsTitle: 'alt',
    defaultColumns: ['filename', 'alt', 'owner', 'isPublic', 'createdAt'],
    group: 'Catalogue',
  },
  access: {
    create: authenticated,
    read: readMedia,
    update: staffOrOwner('owner'),
    delete: staffOrOwner('owner'),
  },
  hooks: {
    beforeOperation: [throttleUploads, checkImageContent, nameFilesUniquely],
    beforeChange: [assignOwnership],
    afterRead: [servePathsNotHosts],
    afterChange: [forgetChangedMedium],
    afterDelete: [forgetDeletedMedium],
  },
  upload: {
    // relative to the project root; tests point it at a temporary folder
    staticDir: path.resolve(dirname, '../..', getEnv().MEDIA_DIR),
    mimeTypes: MEDIA_MIME_TYPES,
    // normalised for print: EXIF auto-orient (Payload rotates), long side at most 3000 px, sRGB JPEG
    resizeOptions: { width: 3000, height: 3000, fit: 'inside', withoutEnlargement: true },
    formatOptions: { format: 'jpeg', options: { quality: 90, mozjpeg: true } },
    // WebP effort 2 (of 0–6): a third less CPU per upload than the default 4 for 1 % more bytes
    imageSizes: [
      { name: 'thumbnail', width: 400, height: 400, position: 'centre', formatOptions: { format: 'webp', options: { quality: 80, effort: 2 } } },
      { name: 'card', width: 768, formatOptions: { format: 'webp', options: { quality: 80, effort: 2 } } },
      { name: 'preview', width: 1600, formatOptions: { format: 'webp', options: { quality: 82, effort: 2 } } },
    ],
    adminThumbnail: 'thumbnail',
    focalPoint: true,
  },
  fields: [
    { name: 'alt', type: 'text', maxLength: 300 },
    {
      name: 'owner',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'isPublic',
      type: 'checkbox',
      index: true,
      defaultValue: ({ user }) => isStaff(user),
      access: { create: staffField, update: staffField },
      admin: {
        position: 'sidebar',
        description: 'Public media (template covers) can be read by anyone. Customer photos never are.',
      },
    },
  ],
}
