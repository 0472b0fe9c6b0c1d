import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // the plugins are npm workspaces consumed as TypeScript sources (no build step of their own)
  transpilePackages: ['@memory-maker/payload-jobs', '@memory-maker/payload-email'],
  // the build checks the app's types; tests and benchmarks are checked by `npm run typecheck`
  typescript: { tsconfigPath: './tsconfig.app.json' },
  // keeps class names: Payload reports errors by constructor name ({errors: [{name: 'ValidationError'}]})
  experimental: { serverMinification: false },
  images: { localPatterns: [{ pathname: '/api/media/file/**' }] },
  webpack: (webpackConfig) => {
    webpackConfig.resolve.extensionAlias = {
      '.cjs': ['.cts', '.cjs'],
      '.js': ['.ts', '.tsx', '.js', '.jsx'],
      '.mjs': ['.mts', '.mjs'],
    }
    return webpackConfig
  },
  turbopack: { root: path.resolve(dirname) },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
