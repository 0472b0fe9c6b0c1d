import type { Payload } from 'payload'

import { oldestReadyAge, runInPayload } from './jobsTable'

/** How long the oldest job ready to run has waited, in seconds; null when none waits. */
export async function oldestReadyJobSeconds(payload: Payload): Promise<number | null> {
  const [row] = await runInPayload<{ age: number | null }>(payload, oldestReadyAge())
  return row?.age ?? null
}
