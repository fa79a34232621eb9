import type { NDArray } from '../NDArray.js'
import { RuntimeError } from '../errors.js'

/** PyTorch's name for a dtype in "not implemented for 'Float'" messages. */
export const TORCH_TYPE_NAME = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' } as const

/**
 * The storage offsets of `a` in the order PyTorch's TensorIterator visits a lone output: dimensions sorted so the
 * smallest stride runs fastest, i.e. memory order. Random fills consume draws in this order.
 */
export function fillOffsets(a: NDArray): ArrayLike<number> {
  const n = a.size
  if (a.isContiguous()) {
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = a.offset + i
    return out
  }
  const dims = a.shape
    .map((size, d) => ({ size, stride: a.strides[d]! }))
    .filter((d) => d.size !== 1)
    // stable sort, outermost (largest stride) first
    .sort((x, y) => Math.abs(y.stride) - Math.abs(x.stride))
  const out = new Float64Array(n)
  const index = new Array<number>(dims.length).fill(0)
  let offset = a.offset
  for (let i = 0; i < n; i++) {
    out[i] = offset
    for (let d = dims.length - 1; d >= 0; d--) {
      const dim = dims[d]!
      index[d]!++
      offset += dim.stride
      if (index[d]! < dim.size) break
      offset -= dim.stride * dim.size
      index[d] = 0
    }
  }
  return out
}

/** Checks a shape argument as torch.empty does and returns it as an array. */
export function checkShape(shape: number | readonly number[]): number[] {
  const dims = typeof shape === 'number' ? [shape] : [...shape]
  for (const d of dims) {
    if (!Number.isInteger(d)) throw new RuntimeError(`expected an integer size, but got ${d}`)
    if (d < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${d}: [${dims.join(', ')}]`)
  }
  return dims
}
