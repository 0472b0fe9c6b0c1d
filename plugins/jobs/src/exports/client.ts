'use client'

export { RetryJobButton } from '../components/RetryJobButton'
