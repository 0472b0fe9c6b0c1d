import {
  formatErrors,
  validations,
  ValidationError,
  type CollectionAfterErrorHook,
  type CollectionAfterOperationHook,
  type CollectionBeforeOperationHook,
  type PayloadRequest,
} from 'payload'

import { spendPasswordCheck } from '@/lib/passwords'
import { normalisedEmail } from './throttleAuthAttempts'

/**
 * Nobody learns from the public auth endpoints whether an email has an account (README
 * "Accounts"):
 * - login: an unknown email costs the same password check as a wrong password;
 * - forgot-password: answered alike (Payload does), in the same time (src/lib/http/evenTiming.ts);
 * - sign-up (`POST /api/users` without credentials): answered alike, `201 {doc: {email}, message}`.
 *   For a registered email nothing is created; the owner gets an email saying someone tried.
 */
const isPublicSignUp = (req: PayloadRequest) => req.payloadAPI === 'REST' && !req.user

const emailHasAccount = async (req: PayloadRequest, email: string) =>
  Boolean(
    email &&
    (await req.payload.db.findOne({ collection: 'users', where: { email: { equals: email } }, req })),
  )

export const hideAccountsBeforeOperation: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  if (req.payloadAPI === 'local' || operation !== 'login') return args
  const data = (args as { data?: { email?: unknown; password?: unknown } }).data
  if (!(await emailHasAccount(req, normalisedEmail(data?.email)))) await spendPasswordCheck(data?.password)
  return args
}

export const hideAccountsAfterOperation: CollectionAfterOperationHook = async ({
  operation,
  req,
  result,
}) => {
  // a new account is answered with no more than a registered email would be
  if (
    operation === 'create' &&
    isPublicSignUp(req) &&
    result &&
    typeof result === 'object' &&
    'email' in result
  ) {
    return { email: result.email } as typeof result
  }
  return result
}

const signUpAnswer = (req: PayloadRequest, email: string) => ({
  doc: { email },
  message: req.t('general:successfullyCreated', { label: 'User' }),
})

/**
 * Payload refuses a sign-up for a registered email (a 400 naming it, before it checks the
 * password or hashes anything); it is answered as a new email would be: the password's 400 when
 * Payload would have refused it, otherwise a successful sign-up after the same hashing time. The
 * account's owner is told (one email an hour at most, by its idempotency key).
 */
export const answerDuplicateSignUp: CollectionAfterErrorHook = async ({ error, req }) => {
  if (!isPublicSignUp(req) || !(error instanceof ValidationError)) return
  const errors =
    (error.data as { errors?: Array<{ path?: string; message?: string }> } | undefined)?.errors ?? []
  const duplicate =
    errors.length === 1 &&
    errors[0].path === 'email' &&
    errors[0].message === req.t('error:userEmailAlreadyRegistered')
  if (!duplicate) return
  const data = (req.data ?? {}) as { email?: unknown; password?: unknown }
  const email = normalisedEmail(data.email)
  // the check Payload runs on a new account's password, with the arguments it passes
  const passwordProblem = await validations.password(
    data.password as string,
    {
      name: 'password',
      type: 'text',
      blockData: {},
      data: {},
      event: 'submit',
      path: ['password'],
      preferences: { fields: {} },
      req,
      required: true,
      siblingData: {},
    } as unknown as Parameters<typeof validations.password>[1],
  )
  if (passwordProblem !== true) {
    const invalid = new ValidationError(
      { collection: 'users', errors: [{ path: 'password', message: String(passwordProblem) }] },
      req.t,
    )
    return { response: formatErrors(invalid), status: invalid.status }
  }
  await spendPasswordCheck(data.password)
  const hour = new Date().toISOString().slice(0, 13)
  await req.payload
    .sendEmail({
      to: email,
      subject: "Someone tried to sign up with your email at Sal's Memory Maker",
      text:
        'Someone (perhaps you) tried to create an account with this email address, which already has one.\n' +
        'If it was you, sign in, or use "Forgot password" to choose a new password. If not, you can ignore this email.',
      html:
        '<p>Someone (perhaps you) tried to create an account with this email address, which already has one.</p>' +
        '<p>If it was you, sign in, or use “Forgot password” to choose a new password. If not, you can ignore this email.</p>',
      idempotencyKey: `account-exists/${hour}`,
    })
    .catch((err: unknown) =>
      req.payload.logger.error({ err, msg: 'could not queue the account-exists email' }),
    )
  return { response: signUpAnswer(req, email), status: 201 }
}
