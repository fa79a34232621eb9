import { fromArray, type Tensor } from '@descent/autograd'
import { NDArray, PyTorchTypeError, RuntimeError } from '@descent/tensor'
import { isTensor, type Rowed, stackRowed } from './internal/tensors.js'

/** What `defaultCollate` turns a list of samples of type T into. */
export type Collated<T> = T extends NDArray
  ? NDArray
  : T extends Tensor
    ? Tensor
    : T extends number | boolean
      ? Tensor
      : T extends string
        ? string[]
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : never

const errorMessage = (found: string) =>
  `default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ${found}`

/**
 * Merges a list of samples into a batch as torch 1.13's `default_collate` does: tensors are stacked along a new
 * first dim, numbers become an int64 (all integers), float64 or bool Tensor, strings stay a list, and arrays
 * (tuples) and objects (dicts) are collated field by field.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.default_collate
 *
 * ```ts
 * defaultCollate([[x0, 1], [x1, 0]]) // [stack([x0, x1]), tensor([1, 0])]
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch as readonly unknown[]) as Collated<T>
}

function collate(batch: readonly unknown[]): unknown {
  const elem = batch[0]
  if (elem instanceof NDArray || isTensor(elem)) return stackRowed(batch as Rowed[])
  if (typeof elem === 'number') {
    // Python's ints become int64 and floats float64; a JS number is an int when every one in the batch is.
    const ints = (batch as number[]).every(Number.isInteger)
    return fromArray(new NDArray(Float64Array.from(batch as number[]), [batch.length], ints ? 'int64' : 'float64'))
  }
  if (typeof elem === 'boolean') {
    return fromArray(new NDArray(Uint8Array.from(batch as boolean[], Number), [batch.length], 'bool'))
  }
  if (typeof elem === 'string') return [...batch]
  if (Array.isArray(elem)) {
    const size = elem.length
    if (!batch.every((b) => (b as unknown[]).length === size)) {
      throw new RuntimeError('each element in list of batch should be of equal size')
    }
    return elem.map((_, k) => collate(batch.map((b) => (b as unknown[])[k])))
  }
  if (elem !== null && typeof elem === 'object' && Object.getPrototypeOf(elem) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(elem)) out[key] = collate(batch.map((b) => (b as Record<string, unknown>)[key]))
    return out
  }
  throw new PyTorchTypeError(errorMessage(elem === null ? 'null' : typeof elem === 'object' ? elem.constructor.name : typeof elem))
}
