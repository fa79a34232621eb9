import { NDArray } from '@descent/tensor'

/** A value the savers accept: an NDArray, or anything holding one in `array` (an autograd Tensor, a Parameter). */
export type TensorLike = NDArray | { readonly array: NDArray }

/** A flat map of names to arrays, as `Module.stateDict()` returns and the loaders produce. */
export type StateDictLike = Record<string, TensorLike>

/** The NDArray behind a saver's input. */
export function toNDArray(value: TensorLike, name: string): NDArray {
  if (value instanceof NDArray) return value
  if (value && typeof value === 'object' && (value as { array?: unknown }).array instanceof NDArray) {
    return (value as { array: NDArray }).array
  }
  throw new TypeError(`state dict entry ${name} is not a tensor`)
}

/** Sets `target[key]` as an own property even for keys like `__proto__`, which plain assignment would misread. */
export function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
