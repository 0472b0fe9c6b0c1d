import { paragraphsToLexical } from '@memory-maker/payload-ai-pages'

/**
 * Minimal Lexical documents built from plain text (one paragraph per blank-line-separated block).
 * Used for fixed and sample text; the ai-pages plugin stores AI output the same way (paragraphsToLexical).
 */
export type LexicalDocument = {
  root: {
    type: 'root'
    format: ''
    indent: 0
    version: 1
    direction: 'ltr' | null
    children: Array<Record<string, unknown>>
  }
}

export function plainTextToLexical(text: string): LexicalDocument {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((block) => block.trim().replace(/\s*\n\s*/g, ' '))
    .filter(Boolean)
  return paragraphsToLexical(paragraphs) as LexicalDocument
}
