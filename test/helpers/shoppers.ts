import type { Auth, client } from './api'
import { SEED } from './constants'
import { photoForm } from './fixtures'

/**
 * The people a shop journey needs, signed in on `api`: the seeded customer (with a photo of
 * their own) and editor, and a stranger (another customer, signed up now); and the seeded
 * "baby-first-year" template.
 */
export async function signInShoppers(api: ReturnType<typeof client>) {
  const customer: Auth = { token: await api.login(SEED.customer.email, SEED.customer.password) }
  const editor: Auth = { token: await api.login(SEED.editor.email, SEED.editor.password) }
  const email = `stranger-${Date.now()}@example.com`
  const signUp = await api.rest('POST', '/api/users', {
    body: { email, password: 'stranger-password-1', name: 'S' },
  })
  if (signUp.status !== 201) throw new Error(`sign-up of the stranger answered ${signUp.status}`)
  const stranger: Auth = { token: await api.login(email, 'stranger-password-1') }
  const template: any = (await api.rest('GET', '/api/books?where[slug][equals]=baby-first-year&depth=0')).body
    .docs[0]
  const photoId: number = (await api.rest('POST', '/api/media', { auth: customer, form: photoForm() })).body
    .doc.id
  return { customer, editor, stranger, template, photoId }
}
