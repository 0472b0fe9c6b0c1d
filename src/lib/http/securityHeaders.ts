/**
 * Security headers for every CMS response. The CSP allows what Payload's admin needs (inline
 * styles and its own scripts, blob: and data: images for upload previews) and nothing from
 * other origins except media from the configured S3 endpoint.
 */
export function securityHeaders(production: boolean, extraImageOrigins: string[] = []) {
  const imageSources = ["'self'", 'data:', 'blob:', ...extraImageOrigins].join(' ')
  const csp = [
    "default-src 'self'",
    // Next.js and Payload's admin inject inline bootstrap scripts
    `script-src 'self' 'unsafe-inline'${production ? '' : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${imageSources}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    // the admin's code editor (served by the CMS) starts its language workers from blob: URLs
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ')
  const headers = [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ]
  if (production) {
    headers.push({ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' })
  }
  return headers
}
