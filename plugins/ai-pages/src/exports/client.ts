'use client'

export { GenerateBookPanel } from '../components/GenerateBookPanel'
export { RegeneratePageButton } from '../components/RegeneratePageButton'
export { TryTemplatePanel } from '../components/TryTemplatePanel'
