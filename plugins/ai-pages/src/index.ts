import type { CollectionConfig, Config, Field, Payload } from 'payload'

import { queueConcurrency, withDefaults } from '@memory-maker/payload-jobs'

import { bookGenerationEndpoint } from './endpoints/bookGeneration'
import { generateBookEndpoint } from './endpoints/generateBook'
import { generationStreamEndpoint } from './endpoints/generationStream'
import { tryTemplateEndpoint } from './endpoints/tryTemplate'
import { regeneratePageEndpoint } from './endpoints/regeneratePage'
import { keepBookStatus, keepPageGeneration } from './hooks/keepGenerationState'
import { bookStatusField, generationField, trialField, withField } from './fields/generationFields'
import { offlineWriter } from './providers/offline'
import { openAiWriter } from './providers/openai'
import { generatePageTask } from './tasks/generatePage'
import { AI_PAGES_DEFAULTS, DEFAULT_OPENAI_MODEL, type AiPagesPluginOptions } from './types'
import { AI_PAGES_QUEUE, type AiPagesContext } from './utilities/context'
import { postgresProgress } from './utilities/progress'

/** An admin component in the sidebar, by package path (the import map resolves it). */
const uiField = (name: string, component: string, label: string): Field => ({
  name,
  type: 'ui',
  label,
  admin: { position: 'sidebar', components: { Field: `@memory-maker/payload-ai-pages/client#${component}` } },
})

const defaultIsPersonalBook = (book: Record<string, unknown>) =>
  'kind' in book ? book.kind === 'personal' : Boolean(book.owner)

/**
 * `@memory-maker/payload-ai-pages`: every page of a book written by an AI as a background job
 * (README). Needs `@memory-maker/payload-jobs` and its worker.
 *
 *   plugins: [jobsPlugin({ … }), aiPagesPlugin({ openai: { apiKey: process.env.OPENAI_API_KEY } })]
 */
export const aiPagesPlugin =
  (options: AiPagesPluginOptions = {}) =>
  (incoming: Config): Config => {
    const settings = withDefaults(AI_PAGES_DEFAULTS, options)
    const slugs = {
      books: options.collections?.books ?? 'books',
      pages: options.collections?.pages ?? 'pages',
    }
    let payload: Payload | undefined
    const context: AiPagesContext = {
      slugs,
      writer: options.openai?.apiKey
        ? openAiWriter({
            apiKey: options.openai.apiKey,
            baseUrl: options.openai.baseUrl,
            model: options.openai.model ?? DEFAULT_OPENAI_MODEL,
            timeoutMs: settings.timeoutMs,
          })
        : offlineWriter(),
      prices: options.prices ?? {},
      attempts: settings.attempts,
      timeoutMs: settings.timeoutMs,
      regenerationBudget: settings.regenerationBudget,
      progress:
        options.progress ??
        postgresProgress(() => {
          if (!payload) throw new Error('ai-pages: Payload has not started')
          return payload
        }),
      isStaff: options.isStaff ?? (() => false),
      isPersonalBook: options.isPersonalBook ?? defaultIsPersonalBook,
      isBookFrozen: options.isBookFrozen ?? (() => false),
      rateLimit: options.rateLimit,
      createTrialBook: options.createTrialBook,
    }

    // the schema first, whether or not the plugin is on: the pages' generation fields, the
    // book's status when it has none, the task slug (part of the jobs enums)
    const schema = (collection: CollectionConfig): CollectionConfig => {
      if (collection.slug === slugs.pages) return withField(collection, generationField as never)
      if (collection.slug === slugs.books) {
        return withField(withField(collection, bookStatusField as never), trialField as never)
      }
      return collection
    }
    let config: Config = {
      ...incoming,
      collections: (incoming.collections ?? []).map(schema),
      jobs: { ...incoming.jobs, tasks: [...(incoming.jobs?.tasks ?? []), generatePageTask(context)] },
    }
    if (settings.disabled) return config

    const endpoints = (collection: CollectionConfig): CollectionConfig => {
      const own = collection.endpoints || []
      if (collection.slug === slugs.books) {
        return {
          ...collection,
          endpoints: [
            ...own,
            generateBookEndpoint(context),
            bookGenerationEndpoint(context),
            generationStreamEndpoint(context),
            ...(context.createTrialBook ? [tryTemplateEndpoint(context)] : []),
          ],
          hooks: {
            ...collection.hooks,
            beforeChange: [...(collection.hooks?.beforeChange ?? []), keepBookStatus(slugs)],
          },
          fields: [
            ...collection.fields,
            uiField('aiPagesGeneration', 'GenerateBookPanel', 'Pages'),
            ...(context.createTrialBook ? [uiField('aiPagesTry', 'TryTemplatePanel', 'Try it')] : []),
          ],
        }
      }
      if (collection.slug === slugs.pages) {
        return {
          ...collection,
          endpoints: [...own, regeneratePageEndpoint(context)],
          hooks: {
            ...collection.hooks,
            beforeChange: [...(collection.hooks?.beforeChange ?? []), keepPageGeneration(slugs)],
          },
          fields: [...collection.fields, uiField('aiPagesRegenerate', 'RegeneratePageButton', 'Writer')],
        }
      }
      return collection
    }
    config = queueConcurrency({ [AI_PAGES_QUEUE]: settings.queueCap })({
      ...config,
      collections: (config.collections ?? []).map(endpoints),
    })
    return {
      ...config,
      onInit: async (instance) => {
        if (incoming.onInit) await incoming.onInit(instance)
        payload = instance
        if (context.writer.provider === 'offline') {
          instance.logger.info('ai-pages: no provider key, pages are written by the offline writer')
        }
      },
    }
  }

export type { AiPagesPluginOptions, ModelPrice } from './types'
export { AI_PAGES_QUEUE, GENERATE_PAGE_TASK } from './utilities/context'
export { OFFLINE_LABEL } from './providers/offline'
export { INSTRUCTIONS_MAX_LENGTH } from './endpoints/regeneratePage'
export { paragraphsToLexical } from './utilities/pageOutput'
export { PROGRESS_CHANNEL, parsePageEvent, type PageEvent, type ProgressChannel } from './utilities/progress'
export type { GenerationState } from './utilities/generationState'
