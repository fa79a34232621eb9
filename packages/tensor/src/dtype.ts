import { NDArray, allocate } from './NDArray.js'
import type { DType } from './NDArray.js'
import { backend } from './backend/index.js'

// PyTorch orders the dtypes we store as bool < int64 < float32 < float64; promotion takes the larger one.
const rank: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 3 }

/** True for float32 and float64. */
export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64'
}

/** `torch.promote_types` restricted to descent's dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b
}

// A JS number stands for a Python scalar: integral values act like Python ints, others like floats.
function scalarDType(v: number | boolean): DType {
  if (typeof v === 'boolean') return 'bool'
  return Number.isInteger(v) ? 'int64' : 'float32'
}

// c10's combine_categories: a lower-priority operand only matters when it is of a higher category.
function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower
  if (lower === undefined) return higher
  if (isFloating(higher)) return higher
  if (higher === 'bool' || isFloating(lower)) return promoteTypes(higher, lower)
  return higher
}

/**
 * The dtype PyTorch computes `a op b` in: dimensioned tensors outrank 0-d tensors, which outrank Python scalars,
 * unless the lower-priority operand is of a higher category (bool < integer < floating).
 * @see https://pytorch.org/docs/1.13/generated/torch.result_type.html
 * @example
 * resultType(zeros([2], { dtype: 'int64' }), 2.5) // 'float32'
 * resultType(zeros([2]), scalar(1, 'float64'))     // 'float32'
 */
export function resultType(...operands: (NDArray | number | boolean)[]): DType {
  let dim: DType | undefined
  let zero: DType | undefined
  let wrapped: DType | undefined
  for (const x of operands) {
    if (x instanceof NDArray) {
      if (x.shape.length === 0) zero = zero === undefined ? x.dtype : promoteTypes(zero, x.dtype)
      else dim = dim === undefined ? x.dtype : promoteTypes(dim, x.dtype)
    } else {
      const d = scalarDType(x)
      wrapped = wrapped === undefined ? d : promoteTypes(wrapped, d)
    }
  }
  return combine(dim, combine(zero, wrapped)) ?? 'float32'
}

/**
 * Returns `a` converted to `dtype` (`a` itself when it already has that dtype), like `Tensor.to(dtype)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.to.html
 * @example
 * cast(array([1.5, -2.7]), 'int64') // tensor([ 1, -2])
 * cast(array([0, 3]), 'bool')       // tensor([False,  True])
 */
export function cast(a: NDArray, dtype: DType): NDArray {
  if (a.dtype === dtype) return a
  const out = new NDArray(allocate(dtype, a.size), a.shape, dtype)
  backend.copy(a, out)
  return out
}
