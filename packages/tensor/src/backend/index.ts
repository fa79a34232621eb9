import type { Backend } from './Backend.js'
import { jsBackend } from './js.js'

export type { Backend, BinaryOp, CompareOp, MatmulPath, ReduceOp, UnaryOp } from './Backend.js'

/** The backend every op calls; a live binding, so `setBackend` takes effect everywhere at once. */
export let backend: Backend = jsBackend

/** Replaces the kernel backend (for example with a WASM one) and returns the previous one. */
export function setBackend(next: Backend): Backend {
  const previous = backend
  backend = next
  return previous
}
