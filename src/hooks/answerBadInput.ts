import type { AfterErrorHook } from 'payload'

import { badInputMessage } from '@/lib/http/inputErrors'

/** Input that Payload let through to a parser or the database is the caller's 400, not our 500. */
export const answerBadInput: AfterErrorHook = ({ error, graphqlResult }) => {
  const message = badInputMessage(error)
  if (!message) return
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message,
        extensions: { ...graphqlResult.extensions, name: 'BadRequest', statusCode: 400 },
      },
    }
  }
  return { response: { errors: [{ name: 'BadRequest', message }] }, status: 400 }
}
