// Row access on NDArrays (views along dim 0, gathers, stacks). Datasets index and batch along dim 0 only, so these
// few strided loops are all the package needs from an array.
import { IndexError, NDArray, RuntimeError, allocate, promoteTypes, sameShape, toTypedArray } from '@descent/tensor'

/** The number of rows (the size of dim 0); PyTorch's error for a 0-d array. */
export function rowCount(a: NDArray): number {
  if (a.ndim === 0) throw new IndexError('dimension specified as 0 but tensor has no dimensions')
  return a.shape[0]!
}

/** Row `i` as a view, like `a[i]`, with negative indices counted from the end. */
export function row(a: NDArray, i: number): NDArray {
  const n = rowCount(a)
  const j = i < 0 ? i + n : i
  if (!Number.isInteger(j) || j < 0 || j >= n) {
    throw new IndexError(`index ${i} is out of bounds for dimension 0 with size ${n}`)
  }
  return new NDArray(a.data, a.shape.slice(1), a.dtype, a.strides.slice(1), a.offset + j * a.strides[0]!)
}

/** Stacks same-shaped arrays along a new dim 0 into fresh storage, like `torch.stack(arrays)`. */
export function stack(arrays: readonly NDArray[]): NDArray {
  if (arrays.length === 0) throw new RuntimeError('stack expects a non-empty TensorList')
  const first = arrays[0]!
  const shape = first.shape
  let dtype = first.dtype
  arrays.forEach((a, k) => {
    if (!sameShape(a.shape, shape)) {
      throw new RuntimeError(
        `stack expects each tensor to be equal size, but got [${shape.join(', ')}] at entry 0 and [${a.shape.join(', ')}] at entry ${k}`,
      )
    }
    // torch.stack's category order: bool < int64 < float32 < float64
    dtype = promoteTypes(dtype, a.dtype)
  })
  const out = allocate(dtype, arrays.length * first.size)
  arrays.forEach((a, k) => {
    const data = a.dtype === dtype && a.isContiguous() ? a.data.subarray(a.offset, a.offset + a.size) : toTypedArray(a)
    out.set(data, k * first.size)
  })
  return new NDArray(out, [arrays.length, ...shape], dtype)
}

/** Gathers rows `indices` into fresh storage, like `a[indices]` with an index list. */
export function takeRows(a: NDArray, indices: readonly number[]): NDArray {
  if (indices.length === 0) {
    return new NDArray(allocate(a.dtype, 0), [0, ...a.shape.slice(1)], a.dtype)
  }
  return stack(indices.map((i) => row(a, i)))
}
