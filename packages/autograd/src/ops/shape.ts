// Views and shape ops. Views share storage and version counter with their input (`view: true`).
import * as K from '@descent/tensor'
import { apply, applyTo, defineOp } from '../graph.js'
import type { Tensor } from '../Tensor.js'
import { normalizeDims } from './reduce.js'

export const viewOp = defineOp<readonly number[]>({
  name: 'ViewBackward0',
  forward: ([a], shape) => K.view(a as K.NDArray, shape as number[]),
  view: true,
  backward: (grad, _s, node) => [grad.reshape(node.shape0!)],
})

// reshape is a view when strides allow (ReshapeAliasBackward0) and a copy otherwise (UnsafeViewBackward0);
// forward hands over the array reshape() already computed, so the copy is not made twice.
let computed: K.NDArray | null = null
function takeComputed(): K.NDArray {
  const out = computed!
  computed = null
  return out
}

export const reshapeAliasOp = defineOp({
  name: 'ReshapeAliasBackward0',
  forward: takeComputed,
  view: true,
  backward: (grad, _s, node) => [grad.reshape(node.shape0!)],
})

export const unsafeViewOp = defineOp({
  name: 'UnsafeViewBackward0',
  forward: takeComputed,
  backward: (grad, _s, node) => [grad.reshape(node.shape0!)],
})

export const transposeOp = defineOp<readonly [number, number]>({
  name: 'TransposeBackward0',
  forward: ([a], [d0, d1]) => K.transpose(a as K.NDArray, d0, d1),
  view: true,
  backward: (grad, _s, node) => [grad.transpose(node.params[0], node.params[1])],
})

export const tOp = defineOp({
  name: 'TBackward0',
  forward: ([a]) => K.t(a as K.NDArray),
  view: true,
  backward: (grad) => [grad.t()],
})

export const permuteOp = defineOp<readonly number[]>({
  name: 'PermuteBackward0',
  forward: ([a], dims) => K.permute(a as K.NDArray, dims as number[]),
  view: true,
  backward: (grad, _s, node) => {
    const dims = node.params
    const inverse = new Array<number>(dims.length)
    for (let i = 0; i < dims.length; i++) inverse[dims[i]!] = i
    return [grad.permute(inverse)]
  },
})

export const expandOp = defineOp<readonly number[]>({
  name: 'ExpandBackward0',
  forward: ([a], shape) => K.expand(a as K.NDArray, shape as number[]),
  view: true,
  backward: (grad, _s, node) => [sumToShape(grad, node.shape0!)],
})

// The engine's one place for undoing broadcasting, differentiable for double backward (at::sum_to).
export const sumToShapeOp = defineOp<readonly number[]>({
  name: 'SumBackward1',
  forward: ([a], shape) => K.sumToShape(a as K.NDArray, shape as number[]),
  backward: (grad, _s, node) => [grad.expand(node.shape0!)],
})

export const squeezeAllOp = defineOp({
  name: 'SqueezeBackward0',
  forward: ([a]) => K.squeeze(a as K.NDArray),
  view: true,
  backward: (grad, _s, node) => [grad.reshape(node.shape0!)],
})

export const squeezeOp = defineOp<number>({
  name: 'SqueezeBackward1',
  forward: ([a], dim) => K.squeeze(a as K.NDArray, dim),
  view: true,
  backward: (grad, _s, node) => {
    const shape = node.shape0!
    return [shape.length > 0 && shape[node.params] === 1 ? grad.unsqueeze(node.params) : grad]
  },
})

export const unsqueezeOp = defineOp<number>({
  name: 'UnsqueezeBackward0',
  forward: ([a], dim) => K.unsqueeze(a as K.NDArray, dim),
  view: true,
  backward: (grad, _s, node) => [grad.squeeze(node.params)],
})

interface SelectParams {
  readonly dim: number
  readonly index: number
}

export const selectOp = defineOp<SelectParams>({
  name: 'SelectBackward0',
  forward: ([a], p) => K.select(a as K.NDArray, p.dim, p.index),
  view: true,
  backward: (grad, _s, node) => [selectBackward(grad, node.shape0!, node.params)],
})

interface SelectBackwardParams extends SelectParams {
  readonly shape: readonly number[]
}

// select_backward: zeros of the input's shape with the gradient written at the index
export const selectBackwardOp = defineOp<SelectBackwardParams>({
  name: 'SelectBackwardBackward0',
  forward: ([g], p) => {
    const gArr = g as K.NDArray
    const out = K.zeros(p.shape as number[], { dtype: gArr.dtype })
    K.copyInto(K.select(out, p.dim, p.index), gArr)
    return out
  },
  backward: (grad, _s, node) => [grad.select(node.params.dim, node.params.index)],
})

function selectBackward(grad: Tensor, shape: readonly number[], p: SelectParams): Tensor {
  return apply(selectBackwardOp, [grad], { ...p, shape })
}

interface SliceParams {
  readonly dim: number
  readonly start: number | undefined
  readonly end: number | undefined
  readonly step: number
}

export const sliceOp = defineOp<SliceParams>({
  name: 'SliceBackward0',
  forward: ([a], p) => K.slice(a as K.NDArray, p.dim, p.start, p.end, p.step),
  view: true,
  backward: (grad, _s, node) => [apply(sliceBackwardOp, [grad], { ...node.params, shape: node.shape0! })],
})

// slice_backward: zeros of the input's shape with the gradient written into the slice
export const sliceBackwardOp = defineOp<SliceParams & { readonly shape: readonly number[] }>({
  name: 'SliceBackwardBackward0',
  forward: ([g], p) => {
    const gArr = g as K.NDArray
    const out = K.zeros(p.shape as number[], { dtype: gArr.dtype })
    K.copyInto(K.slice(out, p.dim, p.start, p.end, p.step), gArr)
    return out
  },
  backward: (grad, _s, node) => [slice(grad, node.params.dim, node.params.start, node.params.end, node.params.step)],
})

export const cloneOp = defineOp({
  name: 'CloneBackward0',
  forward: ([a]) => K.clone(a as K.NDArray),
  backward: (grad) => [grad],
})

export const contiguousOp = defineOp({
  name: 'CloneBackward0',
  forward: ([a]) => K.contiguous(a as K.NDArray),
  backward: (grad) => [grad],
})

export function view(a: Tensor, shape: readonly number[]): Tensor {
  return apply(viewOp, [a], shape)
}

export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const out = K.reshape(a.array, shape as number[])
  computed = out
  return apply(out.data === a.array.data ? reshapeAliasOp : unsafeViewOp, [a], undefined)
}

export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  const [d0, d1] = [normalizeDims(dim0, a.ndim)[0] ?? 0, normalizeDims(dim1, a.ndim)[0] ?? 0]
  return apply(transposeOp, [a], [d0, d1] as const)
}

export function t(a: Tensor): Tensor {
  return apply(tOp, [a], undefined)
}

export function permute(a: Tensor, dims: readonly number[]): Tensor {
  return apply(permuteOp, [a], normalizePermutation(dims, a.ndim))
}

function normalizePermutation(dims: readonly number[], ndim: number): number[] {
  if (dims.length !== ndim) {
    throw new K.RuntimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${ndim} is not equal to len(dims) = ${dims.length}`,
    )
  }
  return dims.map((d) => (d < 0 ? d + ndim : d))
}

export function expand(a: Tensor, shape: readonly number[]): Tensor {
  return apply(expandOp, [a], shape)
}

/** Sums a broadcast gradient back to `shape`, differentiably; the engine's one place for it. */
export function sumToShape(a: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(a.shape, shape)) return a
  return apply(sumToShapeOp, [a], shape)
}

// tensor's, re-exported for the engine and Tensor: one function for every shape comparison on a training step
export const sameShape = K.sameShape

export function squeeze(a: Tensor, dim?: number, name?: string): Tensor {
  if (dim === undefined) return apply(squeezeAllOp, [a], undefined)
  return apply(squeezeOp, [a], normalizeDims(dim, a.ndim)[0] ?? 0, name)
}

export function unsqueeze(a: Tensor, dim: number): Tensor {
  const ndim = a.ndim + 1
  if (dim < -ndim || dim >= ndim) {
    throw new K.IndexError(`Dimension out of range (expected to be in range of [${-ndim}, ${ndim - 1}], but got ${dim})`)
  }
  return apply(unsqueezeOp, [a], dim < 0 ? dim + ndim : dim)
}

export function select(a: Tensor, dim: number, index: number, name?: string): Tensor {
  if (a.ndim === 0) throw new K.IndexError('select() cannot be applied to a 0-dim tensor.')
  const d = (dim | 0) === dim && dim >= 0 && dim < a.ndim ? dim : normalizeDims(dim, a.ndim)[0]!
  const size = a.shape[d]!
  if (index < -size || index >= size) {
    throw new K.IndexError(`select(): index ${index} out of range for tensor of size [${a.shape.join(', ')}] at dimension ${d}`)
  }
  const i = index < 0 ? index + size : index
  // selectOp's kernel, run here (a per-sample loop selects x[i] and y[i] every step): no input lists to build, and
  // params only for a node (one is recorded only when `a` requires grad)
  const params = a._requiresGrad ? { dim: d, index: i } : NO_NODE_SELECT
  return applyTo(selectOp, a, undefined, params, K.select(a.array, d, i), name)
}

// select's params where no node is recorded: never read
const NO_NODE_SELECT: SelectParams = { dim: 0, index: 0 }

export function slice(a: Tensor, dim: number, start?: number, end?: number, step = 1): Tensor {
  return apply(sliceOp, [a], { dim: normalizeDims(dim, a.ndim)[0]!, start, end, step })
}

export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDims(dim, a.ndim)[0]!
  const s = start < 0 ? start + a.shape[d]! : start
  if (s + length > a.shape[d]! || length < 0) {
    throw new K.RuntimeError(`start (${start}) + length (${length}) exceeds dimension size (${a.shape[d]}).`)
  }
  return slice(a, d, s, s + length, 1)
}

export function flatten(a: Tensor, startDim = 0, endDim = -1): Tensor {
  if (a.ndim === 0) return reshape(a, [1])
  const [s, e] = normalizeDims([startDim], a.ndim).concat(normalizeDims([endDim], a.ndim))
  if (s! > e!) throw new K.RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim')
  // PyTorch returns the input itself when there is nothing to merge.
  if (s === e) return a
  const shape = a.shape.slice(0, s)
  let n = 1
  for (let i = s!; i <= e!; i++) n *= a.shape[i]!
  shape.push(n, ...a.shape.slice(e! + 1))
  return reshape(a, shape)
}

export function clone(a: Tensor): Tensor {
  return apply(cloneOp, [a], undefined)
}

/** Returns `a` itself when already contiguous, as PyTorch does, else a contiguous copy. */
export function contiguous(a: Tensor): Tensor {
  if (a.array.isContiguous()) return a
  return apply(contiguousOp, [a], undefined)
}
