import { NDArray, contiguousStrides, shapeSize } from './NDArray.js'
import type { DType } from './NDArray.js'
import { backend } from './backend/index.js'
import { IndexError, PyTorchTypeError, RuntimeError, ValueError } from './errors.js'
import { alloc } from './ops/util.js'
import { normalizeDim, shapeString } from './shape.js'

// Shared by every 0-d view that select makes; NDArray never writes its shape or strides (not frozen: see NDArray's
// NO_DIMS).
const NO_SIZES: readonly number[] = []

const tensorTypeNames: Record<DType, string> = {
  float32: 'FloatTensor',
  float64: 'DoubleTensor',
  int64: 'LongTensor',
  bool: 'BoolTensor',
}

/** Resolves one -1 in `shape` against `numel`, with PyTorch's errors. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let infer = -1
  let known = 1
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!
    if (!Number.isInteger(s)) {
      throw new PyTorchTypeError(`reshape(): argument 'shape' must be tuple of ints, but found element of type float at pos ${i}`)
    }
    if (s === -1) {
      if (infer >= 0) throw new RuntimeError('only one dimension can be inferred')
      infer = i
    } else if (s < 0) throw new RuntimeError(`invalid shape dimension ${s}`)
    else known *= s
  }
  const out = shape.slice()
  if (infer >= 0) {
    if (known === 0) {
      throw new RuntimeError(
        `cannot reshape tensor of 0 elements into shape ${shapeString(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`,
      )
    }
    if (numel % known === 0) {
      out[infer] = numel / known
      return out
    }
  } else if (known === numel) return out
  throw new RuntimeError(`shape '${shapeString(shape)}' is invalid for input of size ${numel}`)
}

/** PyTorch's computeStride: strides that view `a`'s storage with `shape`, or undefined when no view can. */
function viewStrides(a: NDArray, shape: readonly number[]): number[] | undefined {
  const oldShape = a.shape
  const oldStrides = a.strides
  if (oldShape.length === 0) return new Array<number>(shape.length).fill(1)
  if (a.size === 0) return contiguousStrides(shape)
  const newStrides = new Array<number>(shape.length)
  let viewD = shape.length - 1
  let chunkBase = oldStrides[oldStrides.length - 1]!
  let tensorNumel = 1
  let viewNumel = 1
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!
    // At the end of a chunk of dims that are contiguous with one another, lay the view dims over it.
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase
        viewNumel *= shape[viewD]!
        viewD--
      }
      if (viewNumel !== tensorNumel) return undefined
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!
        tensorNumel = 1
        viewNumel = 1
      }
    }
  }
  return viewD === -1 ? newStrides : undefined
}

/**
 * A view of `a` with a new shape (one -1 inferred), sharing storage; throws PyTorch's error when the strides
 * make a view impossible.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.view.html
 * @example
 * view(arange(6), [2, -1])       // shape [2, 3], same storage
 * view(t(zeros([2, 3])), [6])    // throws RuntimeError (use reshape)
 */
export function view(a: NDArray, shape: readonly number[]): NDArray {
  const size = inferSize(shape, a.size)
  const strides = viewStrides(a, size)
  if (strides === undefined) {
    throw new RuntimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    )
  }
  return new NDArray(a.data, size, a.dtype, strides, a.offset)
}

/**
 * `a` with a new shape: a view when the strides allow one, else a contiguous copy, like torch.reshape.
 * @see https://pytorch.org/docs/1.13/generated/torch.reshape.html
 * @example
 * reshape(arange(6), [3, 2])
 * reshape(t(zeros([2, 3])), [-1]) // a copy
 */
export function reshape(a: NDArray, shape: readonly number[]): NDArray {
  const size = inferSize(shape, a.size)
  const strides = viewStrides(a, size)
  if (strides !== undefined) return new NDArray(a.data, size, a.dtype, strides, a.offset)
  const out = alloc(size, a.dtype)
  backend.copy(a, new NDArray(out.data, a.shape, a.dtype))
  return out
}

/**
 * Swaps two dims (a view).
 * @see https://pytorch.org/docs/1.13/generated/torch.transpose.html
 * @example
 * transpose(zeros([2, 3, 4]), 0, 2).shape // [4, 3, 2]
 * transpose(a, -1, -2)                    // swap the last two dims
 */
export function transpose(a: NDArray, dim0: number, dim1: number): NDArray {
  const n = a.shape.length
  const d0 = normalizeDim(dim0, n)
  const d1 = normalizeDim(dim1, n)
  if (n === 0 || d0 === d1) return new NDArray(a.data, a.shape, a.dtype, a.strides, a.offset)
  const shape = a.shape.slice()
  const strides = a.strides.slice()
  ;[shape[d0], shape[d1]] = [shape[d1]!, shape[d0]!]
  ;[strides[d0], strides[d1]] = [strides[d1]!, strides[d0]!]
  return new NDArray(a.data, shape, a.dtype, strides, a.offset)
}

/**
 * Reorders the dims (a view).
 * @see https://pytorch.org/docs/1.13/generated/torch.permute.html
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3]
 * permute(a, [1, 0])                         // t(a)
 */
export function permute(a: NDArray, dims: readonly number[]): NDArray {
  const n = a.shape.length
  if (dims.length !== n) {
    throw new RuntimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${n} is not equal to len(dims) = ${dims.length}`,
    )
  }
  const seen = new Array<boolean>(n).fill(false)
  const shape = new Array<number>(n)
  const strides = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const d = normalizeDim(dims[i]!, n)
    if (seen[d]) throw new RuntimeError('permute(): duplicate dims are not allowed.')
    seen[d] = true
    shape[i] = a.shape[d]!
    strides[i] = a.strides[d]!
  }
  return new NDArray(a.data, shape, a.dtype, strides, a.offset)
}

/**
 * Transposes a 2-D array (0-D and 1-D arrays come back as they are).
 * @see https://pytorch.org/docs/1.13/generated/torch.t.html
 * @example
 * t(zeros([2, 3])).shape // [3, 2]
 * t(zeros([3])).shape    // [3]
 */
export function t(a: NDArray): NDArray {
  if (a.shape.length > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${a.shape.length}D`)
  return a.shape.length < 2 ? transpose(a, 0, 0) : transpose(a, 0, 1)
}

/**
 * A broadcast view of `a` with `shape` (-1 keeps a dim; new dims go in front), stride 0 on repeated dims.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.expand.html
 * @example
 * expand(zeros([3, 1]), [3, 4]).strides // [1, 0]
 * expand(zeros([3]), [2, -1]).shape     // [2, 3]
 */
export function expand(a: NDArray, shape: readonly number[]): NDArray {
  const n = shape.length
  const m = a.shape.length
  if (n < m) {
    throw new RuntimeError(
      `expand(torch.${tensorTypeNames[a.dtype]}{${shapeString(a.shape)}}, size=${shapeString(shape)}): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${m})`,
    )
  }
  const outShape = new Array<number>(n)
  const strides = new Array<number>(n)
  for (let i = n - 1; i >= 0; i--) {
    const d = i - (n - m)
    const target = shape[i]!
    if (d < 0) {
      if (target < 0) {
        throw new RuntimeError(`The expanded size of the tensor (${target}) isn't allowed in a leading, non-existing dimension ${i}`)
      }
      outShape[i] = target
      strides[i] = 0
      continue
    }
    const size = a.shape[d]!
    if (target === -1 || target === size) {
      outShape[i] = size
      strides[i] = a.strides[d]!
    } else if (size === 1) {
      if (target < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${target}: ${shapeString(shape)}`)
      outShape[i] = target
      strides[i] = 0
    } else {
      throw new RuntimeError(
        `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${shapeString(shape)}.  Tensor sizes: ${shapeString(a.shape)}`,
      )
    }
  }
  return new NDArray(a.data, outShape, a.dtype, strides, a.offset)
}

/**
 * Removes size-1 dims: all of them, or only `dim` (a no-op when that dim's size is not 1).
 * @see https://pytorch.org/docs/1.13/generated/torch.squeeze.html
 * @example
 * squeeze(zeros([1, 3, 1])).shape    // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape // [3, 1]
 */
export function squeeze(a: NDArray, dim?: number): NDArray {
  const shape: number[] = []
  const strides: number[] = []
  const d = dim === undefined ? -1 : normalizeDim(dim, a.shape.length)
  for (let i = 0; i < a.shape.length; i++) {
    if (a.shape[i] === 1 && (dim === undefined || i === d)) continue
    shape.push(a.shape[i]!)
    strides.push(a.strides[i]!)
  }
  return new NDArray(a.data, shape, a.dtype, strides, a.offset)
}

/**
 * Inserts a size-1 dim at `dim` (in [-ndim-1, ndim]).
 * @see https://pytorch.org/docs/1.13/generated/torch.unsqueeze.html
 * @example
 * unsqueeze(zeros([3]), 0).shape  // [1, 3]
 * unsqueeze(zeros([3]), -1).shape // [3, 1]
 */
export function unsqueeze(a: NDArray, dim: number): NDArray {
  const d = normalizeDim(dim, a.shape.length + 1)
  const shape = a.shape.slice()
  const strides = a.strides.slice()
  const stride = d < a.shape.length ? a.shape[d]! * a.strides[d]! : 1
  shape.splice(d, 0, 1)
  strides.splice(d, 0, stride)
  return new NDArray(a.data, shape, a.dtype, strides, a.offset)
}

/**
 * The slice at `index` along `dim`, with that dim removed (a view).
 * @see https://pytorch.org/docs/1.13/generated/torch.select.html
 * @example
 * select(reshape(arange(6), [2, 3]), 0, 1) // tensor([3, 4, 5])
 * select(a, -1, -1)                         // the last column
 */
export function select(a: NDArray, dim: number, index: number): NDArray {
  if (a.shape.length === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.')
  const d = normalizeDim(dim, a.shape.length)
  const size = a.shape[d]!
  if (index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${shapeString(a.shape)} at dimension ${d}`)
  }
  const i = index < 0 ? index + size : index
  const n = a.shape.length - 1
  // one element of a 1-d array (a per-sample loop's x[i]): a 0-d view needs no shape or strides lists of its own
  if (n === 0) return new NDArray(a.data, NO_SIZES, a.dtype, NO_SIZES, a.offset + i * a.strides[d]!)
  const shape = new Array<number>(n)
  const strides = new Array<number>(n)
  for (let k = 0, j = 0; k <= n; k++) {
    if (k === d) continue
    shape[j] = a.shape[k]!
    strides[j++] = a.strides[k]!
  }
  return new NDArray(a.data, shape, a.dtype, strides, a.offset + i * a.strides[d]!)
}

/**
 * `length` elements of `dim` from `start` (a view).
 * @see https://pytorch.org/docs/1.13/generated/torch.narrow.html
 * @example
 * narrow(arange(5), 0, 1, 3) // tensor([1, 2, 3])
 * narrow(a, 1, -2, 2)        // the last two columns
 */
export function narrow(a: NDArray, dim: number, start: number, length: number): NDArray {
  if (a.shape.length === 0) throw new RuntimeError('narrow() cannot be applied to a 0-dim tensor.')
  const d = normalizeDim(dim, a.shape.length)
  const size = a.shape[d]!
  // PyTorch wraps start like a dim index over the dim's size, except that start == size is allowed.
  const s = start === size ? start : normalizeDim(start, size)
  if (length < 0 || s + length > size) {
    throw new RuntimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`)
  }
  const shape = a.shape.slice()
  shape[d] = length
  return new NDArray(a.data, shape, a.dtype, a.strides, a.offset + s * a.strides[d]!)
}

/**
 * Python's `a[start:end:step]` along `dim` (bounds clamped, negatives from the end, step > 0), a view.
 * @see https://pytorch.org/docs/1.13/tensor_view.html
 * @example
 * slice(arange(6), 0, 1, 5, 2) // tensor([1, 3])
 * slice(a, 1, -2)              // a[:, -2:]
 */
export function slice(a: NDArray, dim: number, start?: number, end?: number, step = 1): NDArray {
  if (step === 0) throw new ValueError('slice step cannot be zero')
  if (step < 0) throw new ValueError('step must be greater than zero')
  if (a.shape.length === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.')
  const d = normalizeDim(dim, a.shape.length)
  const size = a.shape[d]!
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size)
  const s = start === undefined ? 0 : clampIndex(start)
  const e = end === undefined ? size : clampIndex(end)
  const length = e > s ? Math.ceil((e - s) / step) : 0
  const shape = a.shape.slice()
  const strides = a.strides.slice()
  shape[d] = length
  strides[d] = a.strides[d]! * step
  return new NDArray(a.data, shape, a.dtype, strides, a.offset + (length > 0 ? s * a.strides[d]! : 0))
}

/**
 * Merges dims `startDim..endDim` into one (a view when possible, like torch.flatten); a 0-d array becomes [1].
 * @see https://pytorch.org/docs/1.13/generated/torch.flatten.html
 * @example
 * flatten(zeros([2, 3, 4])).shape    // [24]
 * flatten(zeros([2, 3, 4]), 1).shape // [2, 12]
 */
export function flatten(a: NDArray, startDim = 0, endDim = -1): NDArray {
  const n = a.shape.length
  const s = normalizeDim(startDim, n)
  const e = normalizeDim(endDim, n)
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim')
  if (n === 0) return reshape(a, [1])
  if (s === e) return a
  const shape = [...a.shape.slice(0, s), shapeSize(a.shape.slice(s, e + 1)), ...a.shape.slice(e + 1)]
  return reshape(a, shape)
}

/**
 * `a` itself when contiguous, else a contiguous copy.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.contiguous.html
 * @example
 * contiguous(t(zeros([2, 3]))).strides // [2, 1]
 * contiguous(a) === a                  // when a is contiguous
 */
export function contiguous(a: NDArray): NDArray {
  return a.isContiguous() ? a : clone(a)
}

/**
 * A contiguous copy of `a` with its own storage.
 * @see https://pytorch.org/docs/1.13/generated/torch.clone.html
 * @example
 * clone(a).data !== a.data   // true
 * clone(t(a)).isContiguous() // true
 */
export function clone(a: NDArray): NDArray {
  const out = alloc(a.shape, a.dtype)
  backend.copy(a, out)
  return out
}
