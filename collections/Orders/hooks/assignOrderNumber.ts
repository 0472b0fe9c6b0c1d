import { randomInt } from 'node:crypto'

import type { CollectionBeforeChangeHook } from 'payload'

import type { Order } from '@/payload-types'

// no 0/O/1/I so a number read out on the phone is unambiguous
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

export const newOrderNumber = () => {
  let code = ''
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)]
  return `SMM-${code.slice(0, 4)}-${code.slice(4)}`
}

export const assignOrderNumber: CollectionBeforeChangeHook<Order> = ({ data, operation }) => {
  if (operation === 'create' && !data.orderNumber) data.orderNumber = newOrderNumber()
  return data
}
