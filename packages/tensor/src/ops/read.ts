import type { NDArray, TypedArray } from '../NDArray.js'
import { allocate } from '../NDArray.js'
import { ValueError } from '../errors.js'
import { clone } from '../views.js'

/** What `tolist` returns: numbers (booleans for bool arrays), nested one level per dim. */
export type NestedList = number | boolean | NestedList[]

/**
 * The single value of a one-element array as a JS number (bool gives 0 or 1).
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.item.html
 * @example
 * item(scalar(2.5))    // 2.5
 * item(array([7]))     // 7
 */
export function item(a: NDArray): number {
  if (a.size !== 1) throw new ValueError('only one element tensors can be converted to Python scalars')
  // With one element every index is 0, so the element sits at the offset whatever the strides.
  return a.data[a.offset]!
}

/**
 * The values as nested JS arrays (a number for a 0-d array; booleans for bool).
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.tolist.html
 * @example
 * tolist(array([[1, 2], [3, 4]])) // [[1, 2], [3, 4]]
 * tolist(scalar(3))               // 3
 */
export function tolist(a: NDArray): NestedList {
  const isBool = a.dtype === 'bool'
  const data = a.data
  const rec = (d: number, off: number): NestedList => {
    if (d === a.shape.length) return isBool ? data[off] !== 0 : data[off]!
    const out: NestedList[] = []
    for (let i = 0; i < a.shape[d]!; i++) out.push(rec(d + 1, off + i * a.strides[d]!))
    return out
  }
  return rec(0, a.offset)
}

/**
 * A contiguous copy of the values in the dtype's storage type (Float32Array, Float64Array or Uint8Array).
 * @example
 * toTypedArray(array([1, 2]))     // Float32Array [1, 2]
 * toTypedArray(t(m))              // m's transpose, row-major
 */
export function toTypedArray(a: NDArray): TypedArray {
  if (a.isContiguous()) return a.data.slice(a.offset, a.offset + a.size)
  const out = clone(a)
  return out.size === 0 ? allocate(a.dtype, 0) : out.data
}
