'use client'

export { OrderActions } from '../components/OrderActions'
