import type { NextConfig } from 'next'

const config: NextConfig = {
  poweredByHeader: false,
  // covers come from the CMS's media route (same host in production behind one domain, or CMS_URL)
  images: { unoptimized: true },
}

export default config
