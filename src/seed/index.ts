import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload } from 'payload'

import { DEV_SEED_PASSWORDS, getEnv } from '@/lib/env'
import { renderCover } from './renderCover'
import { seedTemplates } from './templates'

export class SeedRefused extends Error {}

/**
 * Demo content for an empty database: the admin and editor from SEED_*, a demo customer and the
 * published templates of ./templates with locally rendered covers. Runs in one transaction and
 * only when there are no users yet, so it is safe to run at every start.
 */
export async function seed(payload: Payload): Promise<{ seeded: boolean; templates: number }> {
  const env = getEnv()
  const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
  if (totalDocs > 0) return { seeded: false, templates: 0 }

  if (env.isProduction) {
    const defaults = (Object.keys(DEV_SEED_PASSWORDS) as Array<keyof typeof DEV_SEED_PASSWORDS>).filter(
      (role) =>
        ({
          admin: env.SEED_ADMIN_PASSWORD,
          editor: env.SEED_EDITOR_PASSWORD,
          customer: env.SEED_CUSTOMER_PASSWORD,
        })[role] === DEV_SEED_PASSWORDS[role],
    )
    if (defaults.length) {
      throw new SeedRefused(
        `Refusing to seed in production with default passwords for: ${defaults.join(', ')}. Set SEED_ADMIN_PASSWORD, SEED_EDITOR_PASSWORD and SEED_CUSTOMER_PASSWORD.`,
      )
    }
  }

  const req = await createLocalReq({ context: { skipCacheInvalidation: true } }, payload)
  await initTransaction(req)
  try {
    const accounts = [
      {
        email: env.SEED_ADMIN_EMAIL,
        password: env.SEED_ADMIN_PASSWORD,
        name: 'Sal (admin)',
        roles: ['admin'],
      },
      {
        email: env.SEED_EDITOR_EMAIL,
        password: env.SEED_EDITOR_PASSWORD,
        name: 'Eddie (editor)',
        roles: ['editor'],
      },
      {
        email: env.SEED_CUSTOMER_EMAIL,
        password: env.SEED_CUSTOMER_PASSWORD,
        name: 'Casey (customer)',
        roles: ['customer'],
      },
    ] as const
    for (const account of accounts) {
      await payload.create({ collection: 'users', data: { ...account, roles: [...account.roles] }, req })
    }

    for (const template of seedTemplates) {
      const cover = await renderCover(template)
      const media = await payload.create({
        collection: 'media',
        data: { alt: `Cover of ${template.title}`, isPublic: true },
        file: { data: cover, mimetype: 'image/png', name: `${template.slug}-cover.png`, size: cover.length },
        req,
      })
      await payload.create({
        collection: 'books',
        data: {
          kind: 'template',
          title: template.title,
          slug: template.slug,
          description: template.description,
          occasion: template.occasion,
          cover: media.id,
          prices: template.prices,
          questions: template.questions,
          blueprints: template.blueprints,
          _status: 'published',
        },
        req,
      })
    }
    await commitTransaction(req)
  } catch (err) {
    await killTransaction(req)
    throw err
  }
  return { seeded: true, templates: seedTemplates.length }
}
