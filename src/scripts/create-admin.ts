import { createInterface } from 'node:readline/promises'

import config from '@payload-config'
import { getPayload } from 'payload'
import { z } from 'zod'

/**
 * npm run create-admin -- --email a@b.c   (password from ADMIN_PASSWORD or asked on the terminal)
 * The production way to get the first admin; never through a public request.
 */
const args = process.argv.slice(2)
const emailArg = args[args.indexOf('--email') + 1]
const email = z.email().parse(args.includes('--email') ? emailArg : process.env.ADMIN_EMAIL)
let password = process.env.ADMIN_PASSWORD
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  password = await rl.question('Password for the new admin (12+ characters): ')
  rl.close()
}
if (!password || password.length < 12) {
  console.error('The admin password must be at least 12 characters.')
  process.exit(2)
}
const payload = await getPayload({ config })
try {
  const existing = await payload.find({ collection: 'users', where: { email: { equals: email } }, limit: 1 })
  if (existing.docs[0]) {
    await payload.update({
      collection: 'users',
      id: existing.docs[0].id,
      data: { roles: ['admin'], password },
    })
    console.log(`${email} is now an admin.`)
  } else {
    await payload.create({
      collection: 'users',
      data: { email, password, roles: ['admin'], name: 'Administrator' },
    })
    console.log(`Admin ${email} created.`)
  }
} finally {
  await payload.destroy()
}
process.exit(0)
