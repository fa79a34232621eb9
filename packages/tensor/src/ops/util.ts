import { NDArray, allocate, shapeSize } from '../NDArray.js'
import type { DType } from '../NDArray.js'
import { cast } from '../dtype.js'
import { RuntimeError } from '../errors.js'
import { sameShape, shapeString } from '../shape.js'

/** A fresh contiguous array (zeroed). */
export function alloc(shape: readonly number[], dtype: DType): NDArray {
  return new NDArray(allocate(dtype, shapeSize(shape)), shape, dtype)
}

/** A broadcast view of `a` with `shape` (stride 0 on new and size-1 dims); the shapes must be compatible. */
export function broadcastTo(a: NDArray, shape: readonly number[]): NDArray {
  if (sameShape(a.shape, shape)) return a
  const n = shape.length
  const lead = n - a.shape.length
  if (lead < 0) throw new RuntimeError(`cannot broadcast ${shapeString(a.shape)} to ${shapeString(shape)}`)
  const strides = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const d = i - lead
    strides[i] = d < 0 || (a.shape[d] === 1 && shape[i] !== 1) ? 0 : a.strides[d]!
  }
  return new NDArray(a.data, shape, a.dtype, strides, a.offset)
}

/** `a` in `dtype` as a view-compatible operand: itself when the dtype matches, else a converted copy. */
export function asDType(a: NDArray, dtype: DType): NDArray {
  return a.dtype === dtype ? a : cast(a, dtype)
}

/** A JS number converted to the dtype an op computes in (float32 scalars are rounded first, as PyTorch does). */
export function scalarIn(v: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(v)
  if (dtype === 'int64') return Math.trunc(v)
  if (dtype === 'bool') return v !== 0 ? 1 : 0
  return v
}

const torchNames: Record<DType, string> = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' }

/** PyTorch's ScalarType name for a dtype, as error messages spell it (Float, Double, Long, Bool). */
export function torchName(dtype: DType): string {
  return torchNames[dtype]
}
