// Reductions and the softmax family. Backward rules put the reduced dims back (unsqueeze) and broadcast (expand).
import * as K from '@descent/tensor'
import { apply, defineOp, divKernel, expandKernel } from '../graph.js'
import { isGradEnabled } from '../mode.js'
import { Tensor } from '../Tensor.js'
import { where } from './arithmetic.js'

/** A dim argument: one dim, several, or all (undefined). */
export type Dims = number | readonly number[] | undefined

interface ReduceParams {
  readonly dims: readonly number[]
  readonly keepdim: boolean
}

/** Wraps negative dims and sorts them, with PyTorch's IndexError for an out-of-range dim. */
export function normalizeDims(dim: Dims, ndim: number): number[] {
  if (dim === undefined) {
    const all = new Array<number>(ndim)
    for (let i = 0; i < ndim; i++) all[i] = i
    return all
  }
  const lo = ndim === 0 ? -1 : -ndim
  const hi = ndim === 0 ? 0 : ndim - 1
  // One dim (select, squeeze, softmax, ...): no list to copy, check for repeats or sort.
  if (typeof dim === 'number' && dim >= lo && dim <= hi) return [ndim === 0 ? 0 : dim < 0 ? dim + ndim : dim]
  const list = typeof dim === 'number' ? [dim] : [...dim]
  const out: number[] = []
  for (const d of list) {
    if (d < lo || d > hi) {
      throw new K.IndexError(`Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${d})`)
    }
    const w = ndim === 0 ? 0 : d < 0 ? d + ndim : d
    if (out.includes(w)) throw new K.RuntimeError(`dim ${w} appears multiple times in the list of dims`)
    out.push(w)
  }
  return out.sort((a, b) => a - b)
}

/** Puts reduced dims back as size 1 and broadcasts to the input's shape: PyTorch's sum_backward. */
export function expandReduced(grad: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean) {
  let g = grad
  if (!keepdim && shape.length > 0) for (const d of dims) g = g.unsqueeze(d)
  return g.expand(shape)
}

/** Same as expandReduced without the expand: the reduced gradient with its dims kept. */
function keepDims(grad: Tensor, shape: readonly number[], dims: readonly number[], keepdim: boolean) {
  let g = grad
  if (!keepdim && shape.length > 0) for (const d of dims) g = g.unsqueeze(d)
  return g
}

function reducedCount(shape: readonly number[], dims: readonly number[]): number {
  let n = 1
  // a 0-d tensor reduced over its dim 0 counts as one element
  for (const d of dims) n *= shape[d] ?? 1
  return n
}

export const sumAllOp = defineOp({
  name: 'SumBackward0',
  forward: ([a]) => K.sum(a as K.NDArray),
  backward: (grad, _s, node) => [expandKernel(grad, node.shape0!)],
})

export const sumOp = defineOp<ReduceParams>({
  name: 'SumBackward1',
  forward: ([a], p) => K.sum(a as K.NDArray, p.dims as number[], p.keepdim),
  backward: (grad, _s, node) => [expandReduced(grad, node.shape0!, node.params.dims, node.params.keepdim)],
})

export const meanAllOp = defineOp({
  name: 'MeanBackward0',
  forward: ([a]) => K.mean(a as K.NDArray),
  backward: (grad, _s, node) => {
    const shape = node.shape0!
    const n = K.shapeSize(shape)
    // dividing before expanding gives the same values (one division per element either way) with n-fold less work;
    // x / 1 is x, so the mean of one element skips it unless the division is being recorded (createGraph)
    return [expandKernel(n === 1 && !isGradEnabled() ? grad : divKernel(grad, n), shape)]
  },
})

export const meanOp = defineOp<ReduceParams>({
  name: 'MeanBackward1',
  forward: ([a], p) => K.mean(a as K.NDArray, p.dims as number[], p.keepdim),
  // PyTorch 1.13 saves the input here (not in MeanBackward0), so changing it in place breaks backward
  save: [0],
  backward: (grad, _s, node) => {
    const shape = node.shape0!
    const { dims, keepdim } = node.params
    return [expandReduced(grad, shape, dims, keepdim).div(reducedCount(shape, dims))]
  },
})

// evenly_distribute_backward: ties share the gradient equally (NaN inputs take it when the result is NaN)
function evenlyDistribute(grad: Tensor, x: Tensor, out: Tensor): Tensor {
  const mask = Number.isNaN(out.item()) ? x.ne(x) : x.eq(out)
  const count = K.item(K.sum(mask.array))
  return where(mask, grad.div(count).expand(x.shape), 0)
}

export const maxAllOp = defineOp({
  name: 'MaxBackward1',
  forward: ([a]) => K.max(a as K.NDArray),
  save: [0, -1],
  backward: (grad, [x, out]) => [evenlyDistribute(grad, x as Tensor, out as Tensor)],
})

export const minAllOp = defineOp({
  name: 'MinBackward1',
  forward: ([a]) => K.min(a as K.NDArray),
  save: [0, -1],
  backward: (grad, [x, out]) => [evenlyDistribute(grad, x as Tensor, out as Tensor)],
})

interface SelectParams extends ReduceParams {
  /** The selected index along the dim (keepdim shape), taken at forward time as PyTorch saves `indices`. */
  readonly indices: K.NDArray | null
}

// value_selecting_reduction_backward: the whole gradient goes to the selected index along the dim
function toIndex(grad: Tensor, shape: readonly number[], p: SelectParams): Tensor {
  if (shape.length === 0 || p.indices === null) return grad
  const d = p.dims[0]!
  const positions = K.arange(shape[d]!)
  const along = shape.map((_, i) => (i === d ? shape[d]! : 1))
  const onehot = new Tensor(K.eq(K.reshape(positions, along), p.indices))
  return where(onehot, keepDims(grad, shape, p.dims, p.keepdim), 0)
}

export const maxOp = defineOp<SelectParams>({
  name: 'MaxBackward0',
  forward: ([a], p) => K.max(a as K.NDArray, p.dims[0], p.keepdim),
  paramsSaved: true,
  backward: (grad, _s, node) => [toIndex(grad, node.shape0!, node.params)],
})

export const minOp = defineOp<SelectParams>({
  name: 'MinBackward0',
  forward: ([a], p) => K.min(a as K.NDArray, p.dims[0], p.keepdim),
  paramsSaved: true,
  backward: (grad, _s, node) => [toIndex(grad, node.shape0!, node.params)],
})

function selectParams(a: Tensor, dim: number, keepdim: boolean, isMax: boolean): SelectParams {
  const d = oneDim(dim, a.ndim)
  // the indices are only needed when this call is recorded
  const recorded = a.requiresGrad && isGradEnabled() && a.ndim > 0
  const indices = !recorded ? null : isMax ? K.argmax(a.array, d, true) : K.argmin(a.array, d, true)
  return { dims: [d], keepdim, indices }
}

interface VarParams extends ReduceParams {
  readonly correction: number
  /** undefined when reducing over every dim with no dim argument. */
  readonly dim: readonly number[] | undefined
}

// var_backward: 2 / (N - correction) * grad * (x - mean(x))
function varBackward(grad: Tensor, x: Tensor, p: VarParams): Tensor {
  const n = reducedCount(x.shape, p.dims)
  const g = keepDims(grad, x.shape, p.dims, p.keepdim)
  const centered = x.sub(p.dims.length === x.ndim && x.ndim > 0 ? x.mean() : x.mean(p.dims, true))
  return g.mul(2 / (n - p.correction)).mul(centered)
}

export const varOp = defineOp<VarParams>({
  name: 'VarBackward0',
  forward: ([a], p) =>
    K.variance(a as K.NDArray, p.dim as number[] | undefined, { correction: p.correction, keepdim: p.keepdim }),
  save: [0],
  backward: (grad, [x], node) => [varBackward(grad, x as Tensor, node.params)],
})

// std_backward: var_backward(grad / (2 std)), with no gradient where std is 0
export const stdOp = defineOp<VarParams>({
  name: 'StdBackward0',
  forward: ([a], p) =>
    K.std(a as K.NDArray, p.dim as number[] | undefined, { correction: p.correction, keepdim: p.keepdim }),
  save: [0, -1],
  backward: (grad, [x, out], node) => {
    const s = out as Tensor
    const g = where(s.eq(0), 0, grad.div(s.mul(2)))
    return [varBackward(g, x as Tensor, node.params)]
  },
})

// logsumexp_backward: grad * exp(x - result)
export const logsumexpOp = defineOp<ReduceParams>({
  name: 'LogsumexpBackward0',
  forward: ([a], p) => K.logsumexp(a as K.NDArray, p.dims as number[], p.keepdim),
  save: [0, -1],
  backward: (grad, [x, out], node) => {
    const shape = node.shape0!
    const { dims, keepdim } = node.params
    const g = keepDims(grad, shape, dims, keepdim)
    const r = keepDims(out as Tensor, shape, dims, keepdim)
    return [g.mul((x as Tensor).sub(r).exp())]
  },
})

// PyTorch's kernel: e = exp(x - max), then e * (1 / sum(e))
function softmaxForward(a: K.NDArray, dim: number): K.NDArray {
  const e = K.exp(K.sub(a, K.max(a, dim, true)))
  return K.mul(e, K.reciprocal(K.sum(e, dim, true)))
}

// _softmax_backward_data: y * (grad - sum(grad * y))
export const softmaxOp = defineOp<number>({
  name: 'SoftmaxBackward0',
  forward: ([a], dim) => softmaxForward(a as K.NDArray, dim),
  save: [-1],
  backward: (grad, [out], node) => {
    const y = out as Tensor
    return [y.mul(grad.sub(grad.mul(y).sum(node.params, true)))]
  },
})

// _log_softmax_backward_data: grad - exp(y) * sum(grad)
export const logSoftmaxOp = defineOp<number>({
  name: 'LogSoftmaxBackward0',
  forward: ([a], dim) => K.sub(a as K.NDArray, K.logsumexp(a as K.NDArray, dim, true)),
  save: [-1],
  backward: (grad, [out], node) => [grad.sub((out as Tensor).exp().mul(grad.sum(node.params, true)))],
})

function oneDim(dim: number, ndim: number): number {
  return normalizeDims(dim, ndim)[0]!
}

export function sum(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (dim === undefined) return apply(sumAllOp, [a], undefined)
  return apply(sumOp, [a], { dims: normalizeDims(dim, a.ndim), keepdim })
}

export function mean(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (dim === undefined) return apply(meanAllOp, [a], undefined)
  return apply(meanOp, [a], { dims: normalizeDims(dim, a.ndim), keepdim })
}

export function max(a: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) return apply(maxAllOp, [a], undefined)
  return apply(maxOp, [a], selectParams(a, dim, keepdim, true))
}

export function min(a: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) return apply(minAllOp, [a], undefined)
  return apply(minOp, [a], selectParams(a, dim, keepdim, false))
}

/** Options of var and std: Bessel's correction (1 by default; `unbiased: false` means 0) and keepdim. */
export interface VarOptions {
  correction?: number
  unbiased?: boolean
  keepdim?: boolean
}

function varParams(a: Tensor, dim: Dims, opts: VarOptions): VarParams {
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1)
  const dims = normalizeDims(dim, a.ndim)
  return { dims, dim: dim === undefined ? undefined : dims, keepdim: opts.keepdim ?? false, correction }
}

export function variance(a: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  return apply(varOp, [a], varParams(a, dim, opts))
}

export function std(a: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  return apply(stdOp, [a], varParams(a, dim, opts))
}

export function logsumexp(a: Tensor, dim: Dims, keepdim = false): Tensor {
  return apply(logsumexpOp, [a], { dims: normalizeDims(dim, a.ndim), keepdim })
}

export function softmax(a: Tensor, dim: number): Tensor {
  return apply(softmaxOp, [a], oneDim(dim, a.ndim))
}

export function logSoftmax(a: Tensor, dim: number): Tensor {
  return apply(logSoftmaxOp, [a], oneDim(dim, a.ndim))
}
