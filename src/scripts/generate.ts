import config from '@payload-config'
import { generateImportMap } from 'payload'
import { generateTypes } from 'payload/node'

/** Regenerates src/payload-types.ts and the admin import map from the config. */
const sanitized = await config
await generateTypes(sanitized)
await generateImportMap(sanitized)
process.exit(0)
