import { APIError } from 'payload'

/** The plugin's client errors, named as the app's are (the envelope's `name`, quiet logging). */
export class BadRequest extends APIError {
  constructor(message: string, data?: Record<string, unknown>) {
    super(message, 400, data ?? null, true)
  }
}

export class Unauthorized extends APIError {
  constructor(message: string) {
    super(message, 401, null, true)
  }
}

export class NotFound extends APIError {
  constructor(message = 'The requested resource was not found.') {
    super(message, 404, null, true)
  }
}

export class Conflict extends APIError {
  constructor(message: string, data?: Record<string, unknown>) {
    super(message, 409, data ?? null, true)
  }
}

/** Stripe could not be reached or refused: the customer may try again. */
export class BadGateway extends APIError {
  constructor(message: string) {
    super(message, 502, null, true)
  }
}
