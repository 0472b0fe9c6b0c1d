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
    .map((block) => block.trim())
    .filter(Boolean)
  return {
    root: {
      type: 'root',
      format: '',
      indent: 0,
      version: 1,
      direction: 'ltr',
      children: paragraphs.map((paragraph) => ({
        type: 'paragraph',
        format: '',
        indent: 0,
        version: 1,
        direction: 'ltr',
        textFormat: 0,
        textStyle: '',
        children: [
          {
            type: 'text',
            text: paragraph.replace(/\s*\n\s*/g, ' '),
            format: 0,
            detail: 0,
            mode: 'normal',
            style: '',
            version: 1,
          },
        ],
      })),
    },
  }
}
