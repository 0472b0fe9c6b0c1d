/**
 * Forgot-password must take as long for an email without an account as for one with (Payload
 * answers both alike, but only a known email writes a token and queues a mail, and a second
 * request within Payload's minimum interval returns early): every such request takes at least
 * FORGOT_PASSWORD_MIN_MS, over REST and GraphQL.
 */
export const FORGOT_PASSWORD_MIN_MS = 400

export const isForgotPasswordRequest = (request: Request) =>
  request.method === 'POST' && /^\/api\/users\/forgot-password\/?$/.test(new URL(request.url).pathname)

/** Runs `work`, then waits until at least `ms` have passed since it started, whatever happened. */
export async function takingAtLeast<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  try {
    return await work()
  } finally {
    const left = started + ms - Date.now()
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left))
  }
}
