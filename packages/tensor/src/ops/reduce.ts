import { NDArray, allocate } from '../NDArray.js'
import type { DType } from '../NDArray.js'
import { backend } from '../backend/index.js'
import { shortRowSum, vectorWidth } from '../backend/sum.js'
import type { ReduceOp } from '../backend/index.js'
import { isFloating } from '../dtype.js'
import { IndexError, RuntimeError } from '../errors.js'
import { normalizeDims } from '../shape.js'
import { add, sub } from './binary.js'
import { exp, log } from './unary.js'
import { alloc, asDType, torchName } from './util.js'

export type Dims = number | readonly number[]

// Shared shapes for full reductions of arrays up to 8-d: [1, ..., 1] and the dim list [0, ..., nd - 1]; never
// written. Plain packed arrays, not frozen ones: frozen arrays have maps of their own, and the shape reads in the
// kernels would see more kinds of array than they handle inline.
const ONES: readonly (readonly number[])[] = Array.from({ length: 9 }, (_, n) => packedFill(n, 1))
const ALL_DIMS: readonly (readonly number[])[] = Array.from({ length: 9 }, (_, n) => packedRange(n))
const NO_DIMS: readonly number[] = []

function packedFill(n: number, v: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(v)
  return out
}

function packedRange(n: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(i)
  return out
}

/** normalizeDims, with the shared list for "every dim" (no dim given): a full reduction allocates no dim list. */
function reducedDims(dim: Dims | undefined, nd: number): readonly number[] {
  return dim === undefined && nd < ALL_DIMS.length ? ALL_DIMS[nd]! : normalizeDims(dim, nd)
}

/** Runs a backend reduction and returns its result with or without the reduced dims. */
function reduceInto(
  op: ReduceOp | 'mean',
  a: NDArray,
  dims: readonly number[],
  keepdim: boolean,
  dtype: DType,
): NDArray {
  const nd = a.shape.length
  if (dims.length === nd && !keepdim && (op === 'sum' || op === 'mean') && dtype === a.dtype) {
    // A full sum of fewer contiguous floats than one AVX2 vector holds: the backend's sum is then one short row
    // (shortRowSum, PyTorch's order), called here without the general reduction around it.
    const f32 = dtype === 'float32'
    if ((f32 || dtype === 'float64') && a.size < vectorWidth(f32) && a.isContiguous()) {
      const out = new NDArray(allocate(dtype, 1), NO_DIMS, dtype)
      const total = shortRowSum(a.data, a.offset, a.size, f32)
      out.data[0] = total
      // an empty input's mean is 0 / 0 = NaN, as in PyTorch; the sum is rounded to the dtype before dividing
      if (op === 'mean') out.data[0] = out.data[0]! / a.size
      return out
    }
  }
  if (dims.length === nd && !keepdim && nd < ONES.length) {
    // Everything reduced to a 0-d result: the keepdim shape is all ones, shared instead of built per call.
    const ones = ONES[nd]!
    const out = new NDArray(allocate(dtype, 1), ones, dtype, ones)
    if (op === 'mean') {
      backend.reduce('sum', a, ALL_DIMS[nd]!, out)
      // an empty input's mean is 0 / 0 = NaN, as in PyTorch
      out.data[0] = out.data[0]! / a.size
    } else backend.reduce(op, a, ALL_DIMS[nd]!, out)
    return new NDArray(out.data, NO_DIMS, dtype)
  }
  const keepShape = a.shape.slice()
  for (const d of dims) keepShape[d] = 1
  const out = alloc(keepShape, dtype)
  if (op === 'mean') {
    backend.reduce('sum', a, dims, out)
    let count = 1
    for (const d of dims) count *= a.shape[d]!
    const o = out.data
    for (let i = 0; i < o.length; i++) o[i] = o[i]! / count
  } else backend.reduce(op, a, dims, out)
  return keepdim ? out : dropDims(out, dims)
}

function dropDims(out: NDArray, dims: readonly number[]): NDArray {
  if (dims.length === 0) return out
  const shape: number[] = []
  for (let i = 0, k = 0; i < out.shape.length; i++) {
    if (dims[k] === i) k++
    else shape.push(out.shape[i]!)
  }
  return new NDArray(out.data, shape, out.dtype)
}

/**
 * Sum over all dims or the given ones (bool and int64 sum to int64); float32 sums add in PyTorch's exact order.
 * @see https://pytorch.org/docs/1.13/generated/torch.sum.html
 * @example
 * sum(array([[1, 2], [3, 4]]))    // tensor(10.)
 * sum(array([[1, 2], [3, 4]]), 1, true) // tensor([[3.], [7.]])
 */
export function sum(a: NDArray, dim?: Dims, keepdim = false): NDArray {
  const dims = reducedDims(dim, a.shape.length)
  const dtype = isFloating(a.dtype) ? a.dtype : 'int64'
  return reduceInto('sum', a, dims, keepdim, dtype)
}

/**
 * Mean over all dims or the given ones (floating dtypes only), computed as sum / count like PyTorch's CPU mean.
 * @see https://pytorch.org/docs/1.13/generated/torch.mean.html
 * @example
 * mean(array([1, 2, 3, 4]))  // tensor(2.5000)
 * mean(a, [0, 1], true)
 */
export function mean(a: NDArray, dim?: Dims, keepdim = false): NDArray {
  if (!isFloating(a.dtype)) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${torchName(a.dtype)}`,
    )
  }
  return reduceInto('mean', a, reducedDims(dim, a.shape.length), keepdim, a.dtype)
}

function extreme(op: 'max' | 'min' | 'argmax' | 'argmin', a: NDArray, dim: Dims | undefined, keepdim: boolean): NDArray {
  const dims = normalizeDims(dim, a.shape.length)
  if (a.size === 0) {
    if (dim === undefined) {
      const msg = `${op}(): Expected reduction dim to be specified for input.numel() == 0.`
      if (op === 'max' || op === 'min') throw new RuntimeError(`${msg} Specify the reduction dim with the 'dim' argument.`)
      throw new IndexError(msg)
    }
    for (const d of dims) {
      if (a.shape[d] === 0) throw new IndexError(`${op}(): Expected reduction dim ${d} to have non-zero size.`)
    }
  }
  const dtype = op === 'argmax' || op === 'argmin' ? 'int64' : a.dtype
  return reduceInto(op, a, dims, keepdim, dtype)
}

/**
 * Largest value over all dims or the given ones (NaN if any is NaN); the values only, see argmax for indices.
 * @see https://pytorch.org/docs/1.13/generated/torch.max.html
 * @example
 * max(array([1, 5, 3]))       // tensor(5.)
 * max(array([[1, 5], [7, 2]]), 1) // tensor([5., 7.])
 */
export const max = (a: NDArray, dim?: Dims, keepdim = false): NDArray => extreme('max', a, dim, keepdim)

/**
 * Smallest value over all dims or the given ones (NaN if any is NaN).
 * @see https://pytorch.org/docs/1.13/generated/torch.min.html
 * @example
 * min(array([1, 5, 3]))       // tensor(1.)
 * min(a, 0, true)
 */
export const min = (a: NDArray, dim?: Dims, keepdim = false): NDArray => extreme('min', a, dim, keepdim)

/**
 * Index of the largest value (first one on ties, first NaN if any), over the flattened array or along `dim`.
 * @see https://pytorch.org/docs/1.13/generated/torch.argmax.html
 * @example
 * argmax(array([1, 5, 5]))    // tensor(1)
 * argmax(array([[1, 5], [7, 2]]), 1) // tensor([1, 0])
 */
export const argmax = (a: NDArray, dim?: number, keepdim = false): NDArray => extreme('argmax', a, dim, keepdim)

/**
 * Index of the smallest value (first one on ties, first NaN if any).
 * @see https://pytorch.org/docs/1.13/generated/torch.argmin.html
 * @example
 * argmin(array([3, 1, 1]))    // tensor(1)
 * argmin(a, 0, true)
 */
export const argmin = (a: NDArray, dim?: number, keepdim = false): NDArray => extreme('argmin', a, dim, keepdim)

export interface VarianceOptions {
  /** Bessel's correction: the divisor is N - correction (default 1, the unbiased estimate). */
  correction?: number
  keepdim?: boolean
}

function varStd(a: NDArray, dim: Dims | undefined, options: VarianceOptions, takeSqrt: boolean): NDArray {
  if (!isFloating(a.dtype)) throw new RuntimeError('std and var only support floating point and complex dtypes')
  const dims = normalizeDims(dim, a.shape.length)
  const keepShape = a.shape.slice()
  for (const d of dims) keepShape[d] = 1
  const out = alloc(keepShape, a.dtype)
  backend.variance(a, dims, options.correction ?? 1, takeSqrt, out)
  return options.keepdim ? out : dropDims(out, dims)
}

/**
 * Variance over all dims or the given ones, divided by N - correction (Welford in double, as PyTorch's CPU kernel).
 * @see https://pytorch.org/docs/1.13/generated/torch.var.html
 * @example
 * variance(array([1, 2, 3, 4]))                     // tensor(1.6667)
 * variance(array([1, 2, 3, 4]), 0, { correction: 0 }) // tensor(1.2500)
 */
export const variance = (a: NDArray, dim?: Dims, options: VarianceOptions = {}): NDArray =>
  varStd(a, dim, options, false)

/**
 * Standard deviation: the square root of `variance`.
 * @see https://pytorch.org/docs/1.13/generated/torch.std.html
 * @example
 * std(array([1, 2, 3, 4]))  // tensor(1.2910)
 * std(a, 1, { keepdim: true })
 */
export const std = (a: NDArray, dim?: Dims, options: VarianceOptions = {}): NDArray => varStd(a, dim, options, true)

/**
 * log(sum(exp(a))) over `dim`, shifted by the max as PyTorch does (infinite maxima shift by 0).
 * @see https://pytorch.org/docs/1.13/generated/torch.logsumexp.html
 * @example
 * logsumexp(array([0, 0]), 0)    // tensor(0.6931)
 * logsumexp(array([1000, 1000]), 0) // tensor(1000.6931)
 */
export function logsumexp(a: NDArray, dim: Dims, keepdim = false): NDArray {
  const x = isFloating(a.dtype) ? a : asDType(a, 'float32')
  const dims = normalizeDims(dim, x.shape.length)
  if (x.size === 0) return log(sum(exp(x), dims, keepdim))
  const maxes = reduceInto('max', x, dims, true, x.dtype)
  const m = maxes.data
  for (let i = 0; i < m.length; i++) if (m[i] === Number.POSITIVE_INFINITY || m[i] === Number.NEGATIVE_INFINITY) m[i] = 0
  const s = sum(exp(sub(x, maxes)), dims, keepdim)
  return add(log(s), keepdim ? maxes : dropDims(maxes, dims))
}

/** Reduced shape with or without kept dims; exported for autograd's backward rules. */
export function reducedShape(shape: readonly number[], dim: Dims | undefined, keepdim: boolean): number[] {
  const dims = normalizeDims(dim, shape.length)
  const out: number[] = []
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) {
      if (keepdim) out.push(1)
    } else out.push(shape[i]!)
  }
  return out
}
