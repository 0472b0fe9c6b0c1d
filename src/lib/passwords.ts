import { pbkdf2, randomBytes } from 'node:crypto'

// Payload 3.90's password hash (pbkdf2-sha256-v1): 600,000 iterations, 32 bytes
const ITERATIONS = 600_000
const KEY_LENGTH = 32

/**
 * Spends the time of one password check against a hash that matches nothing, so an answer about
 * an email that has no account takes as long as one about an account (login, duplicate sign-up).
 */
export function spendPasswordCheck(password: unknown): Promise<void> {
  return new Promise((resolve) =>
    pbkdf2(String(password ?? ''), randomBytes(32), ITERATIONS, KEY_LENGTH, 'sha256', () => resolve()),
  )
}
