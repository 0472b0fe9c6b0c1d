import { z } from 'zod'

/** The storefront's settings, validated once (the CMS has its own, in src/lib/env.ts). */
const schema = z.object({
  // where this server reads the CMS (loopback or the internal network)
  CMS_URL: z.url().default('http://127.0.0.1:3000'),
  // where browsers load the CMS's media (covers); default: CMS_URL
  CMS_PUBLIC_URL: z.url().optional(),
  STOREFRONT_URL: z.url().default('http://localhost:3001'),
  REVALIDATE_SECRET: z.string().optional(),
  INTERNAL_API_SECRET: z.string().optional(),
})

export type StorefrontEnv = z.infer<typeof schema>

let cached: StorefrontEnv | undefined

export function storefrontEnv(): StorefrontEnv {
  cached ??= schema.parse({
    CMS_URL: process.env.CMS_URL || undefined,
    CMS_PUBLIC_URL: process.env.CMS_PUBLIC_URL || undefined,
    STOREFRONT_URL: process.env.STOREFRONT_URL || undefined,
    REVALIDATE_SECRET: process.env.REVALIDATE_SECRET || undefined,
    INTERNAL_API_SECRET: process.env.INTERNAL_API_SECRET || undefined,
  })
  return cached
}
