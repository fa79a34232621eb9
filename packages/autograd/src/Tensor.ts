// The differentiable Tensor: an NDArray plus what autograd needs (grad, gradFn, version counter, leaf flags).
import * as K from '@descent/tensor'
import { backwardOne } from './engine.js'
import { AccumulateGrad, type Node, applyTo } from './graph.js'
import { state } from './mode.js'
import * as arith from './ops/arithmetic.js'
import { copyValue, fillValue, to } from './ops/convert.js'
import { inplaceOnView } from './ops/copySlices.js'
import { addmm, dot, matmul } from './ops/linalg.js'
import * as red from './ops/reduce.js'
import * as shp from './ops/shape.js'
import * as un from './ops/unary.js'
import { clamp } from './ops/unary.js'

/** A shape given either as varargs (`x.reshape(2, 3)`) or as one array (`x.reshape([2, 3])`), as PyTorch allows. */
type ShapeArgs = (number | readonly number[])[]

function shapeOf(args: ShapeArgs): number[] {
  if (args.length === 1 && typeof args[0] !== 'number') return [...args[0]!]
  return args as number[]
}

const NON_LEAF_GRAD =
  'The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won\'t be ' +
  'populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, ' +
  'use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access ' +
  'the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations.'

const INFERENCE_INPLACE =
  'Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal ' +
  'tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.'

export function isFloating(dtype: K.DType): boolean {
  return dtype === 'float32' || dtype === 'float64'
}

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the saved tensors so the graph can be differentiated again (defaults to `createGraph`). */
  retainGraph?: boolean
  /** Record the backward pass itself, so the gradients are differentiable (higher derivatives). */
  createGraph?: boolean
}

/**
 * A tensor that records the operations applied to it so gradients can flow back: PyTorch's torch.Tensor.
 * https://pytorch.org/docs/1.13/tensors.html
 * @example
 * const w = tensor(3, { requiresGrad: true }); w.pow(2).backward()
 * w.grad?.item() // 6
 */
export class Tensor {
  // Fields are `declare`d and set in the constructor, in one order: no class-field initializer runs first (it would
  // be one more function for the optimising compiler on every tensor made).
  /** The values (the NDArray this tensor wraps); views share its storage. */
  declare array: K.NDArray
  /** The node that made this tensor, or null for a leaf. */
  declare gradFn: Node | null
  declare _requiresGrad: boolean
  declare _grad: Tensor | null
  /** The version counter, shared by every view of one storage and bumped by each in-place op; made on first need (views read their base's). */
  declare _versionCounter: { v: number } | null
  /** The tensor this one is a view of, for PyTorch's leaf-view in-place error. */
  declare _base: Tensor | null
  /** The base's gradFn when this view was taken: if it changes, the view's own graph is stale. */
  declare _viewFn: Node | null
  declare _acc: AccumulateGrad | null
  declare _retainsGrad: boolean
  declare _inference: boolean

  constructor(array: K.NDArray) {
    this.array = array
    this.gradFn = null
    this._requiresGrad = false
    this._grad = null
    this._versionCounter = null
    this._base = null
    this._viewFn = null
    this._acc = null
    this._retainsGrad = false
    this._inference = state.inference
  }

  get shape(): readonly number[] {
    return this.array.shape
  }

  get dtype(): K.DType {
    return this.array.dtype
  }

  get ndim(): number {
    return this.array.shape.length
  }

  /** Number of elements, like `numel()`. */
  numel(): number {
    return this.array.size
  }

  /** Number of dims: `Tensor.dim`, https://pytorch.org/docs/1.13/generated/torch.Tensor.dim.html */
  dim(): number {
    return this.array.shape.length
  }

  /** The shape, or the size of one dim (negative dims count from the end). */
  size(): number[]
  size(dim: number): number
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.array.shape]
    return this.array.shape[red.normalizeDims(dim, this.ndim)[0]!] ?? 1
  }

  get requiresGrad(): boolean {
    return this._requiresGrad
  }

  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag)
  }

  /** True for tensors made by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this.gradFn === null
  }

  /** PyTorch's `_version`: how many in-place changes this storage has seen. */
  get _version(): number {
    const c = this._versionCounter ?? (this._base === null ? null : this._base._versionCounter)
    return c === null ? 0 : c.v
  }

  /** The version counter, created on first use so most tensors never allocate one; a view shares its base's. */
  _counter(): { v: number } {
    let c = this._versionCounter
    if (c === null) {
      c = this._base === null ? { v: 0 } : this._base._counter()
      this._versionCounter = c
    }
    return c
  }

  /** The version counter object (`counter.v++` records an in-place change made outside these methods). */
  get _vc(): { v: number } {
    return this._counter()
  }

  set _vc(counter: { v: number }) {
    this._versionCounter = counter
  }

  /**
   * Records an in-place change made to this tensor's storage outside autograd (an optimiser writing `array`), as
   * `torch.autograd.graph.increment_version` does: graphs that saved it before then refuse to backpropagate.
   * @example
   * param.array.data[0] = 1; param.incrementVersion()
   * param._version // 1
   */
  incrementVersion(): void {
    this._counter().v++
  }

  get retainsGrad(): boolean {
    return this._retainsGrad
  }

  /** Whether this tensor was made in inference mode: `Tensor.is_inference`, https://pytorch.org/docs/1.13/generated/torch.Tensor.is_inference.html */
  isInference(): boolean {
    return this._inference
  }

  /** The accumulated gradient; PyTorch warns when it is read on a non-leaf that does not retain it. */
  get grad(): Tensor | null {
    if (this.gradFn !== null && !this._retainsGrad) K.warn(NON_LEAF_GRAD)
    return this._grad
  }

  set grad(value: Tensor | null) {
    if (value !== null) {
      if (value.dtype !== this.dtype) throw new K.RuntimeError('assigned grad has data of a different type')
      if (!shp.sameShape(value.shape, this.shape)) {
        throw new K.RuntimeError('assigned grad has data of a different size')
      }
    }
    this._grad = value
  }

  /** A tensor sharing this one's storage that autograd does not track (and whose in-place changes it does not see). */
  get data(): Tensor {
    return new Tensor(this.array)
  }

  set data(value: Tensor) {
    this.array = value.array
  }

  /** The AccumulateGrad node of this leaf, made on first use. */
  _accumulator(): AccumulateGrad {
    if (this._acc === null) this._acc = new AccumulateGrad(this)
    return this._acc
  }

  /**
   * Sets whether autograd records operations on this leaf, like `Tensor.requires_grad_`.
   * https://pytorch.org/docs/1.13/generated/torch.Tensor.requires_grad_.html
   * @example
   * const w = zeros([3]).requiresGrad_()
   */
  requiresGrad_(flag = true): this {
    if (this.gradFn !== null) {
      if (!flag) {
        throw new K.RuntimeError(
          "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
        )
      }
      return this
    }
    if (flag && !isFloating(this.dtype)) {
      throw new K.RuntimeError('only Tensors of floating point dtype can require gradients')
    }
    if (flag && this._inference && !state.inference) {
      throw new K.RuntimeError('Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.')
    }
    this._requiresGrad = flag
    // A leaf's AccumulateGrad is made when it starts requiring grad, not in the first op that records an edge to
    // it: that branch would otherwise be reached from optimised code at each new model's first step, and deopt it.
    if (flag) this._accumulator()
    return this
  }

  /** Makes this non-leaf keep its gradient in `.grad` after backward, like `Tensor.retain_grad`. */
  retainGrad(): void {
    if (this.gradFn === null) {
      if (!this._requiresGrad) throw new K.RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
      return
    }
    this._retainsGrad = true
    this.gradFn.retained = this
  }

  /** A new tensor sharing storage and version counter, cut off from the graph. */
  detach(): Tensor {
    const t = new Tensor(this.array)
    t._versionCounter = this._counter()
    return t
  }

  /**
   * Computes the gradient of this tensor with respect to the graph's leaves, accumulating into their `.grad`.
   * https://pytorch.org/docs/1.13/generated/torch.Tensor.backward.html
   * @example
   * const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true }); x.pow(2).sum().backward()
   * x.grad?.tolist() // [2, 4]
   */
  backward(gradient?: Tensor | null, options?: BackwardOptions): void {
    const createGraph = options?.createGraph ?? false
    backwardOne(this, gradient ?? null, options?.retainGraph ?? createGraph, createGraph)
  }

  /** The value of a one-element tensor as a JS number, like `Tensor.item()`. */
  item(): number {
    return K.item(this.array)
  }

  /** The values as nested JS arrays: `Tensor.tolist`, https://pytorch.org/docs/1.13/generated/torch.Tensor.tolist.html */
  tolist(): unknown {
    return K.tolist(this.array)
  }

  /** PyTorch's text form, e.g. `tensor(9., grad_fn=<PowBackward0>)`. */
  toString(): string {
    const suffixes =
      this.gradFn !== null
        ? [`grad_fn=<${this.gradFn.name}>`]
        : this._requiresGrad
          ? ['requires_grad=True']
          : undefined
    return K.format(this.array, suffixes === undefined ? {} : { suffixes })
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString()
  }

  /** Yields the elements along dim 0, each differentiable, so `const [a, b] = params` works. */
  *[Symbol.iterator](): IterableIterator<Tensor> {
    if (this.ndim === 0) throw new K.PyTorchTypeError('iteration over a 0-d tensor')
    const n = this.shape[0]!
    for (let i = 0; i < n; i++) yield shp.select(this, 0, i, 'UnbindBackward0')
  }

  // arithmetic. The common forms run the kernel their op's forward calls (the defs and rules live in ops/) and
  // record through applyTo right here: no extra layer a training step passes once per call, which would be one
  // more function for the optimising compiler while a loop warms up.
  /** Adds `alpha * other`, broadcasting: `Tensor.add`, https://pytorch.org/docs/1.13/generated/torch.Tensor.add.html */
  add(other: Tensor | number, options?: { alpha?: number }): Tensor {
    const alpha = options?.alpha ?? 1
    if (alpha !== 1) return arith.add(this, other, alpha)
    return applyTo(arith.addOp, this, other, 1, K.add(this.array, operandArray(other)))
  }
  /** Subtracts `alpha * other`, broadcasting: `Tensor.sub`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sub.html */
  sub(other: Tensor | number, options?: { alpha?: number }): Tensor {
    const alpha = options?.alpha ?? 1
    if (alpha !== 1) return arith.sub(this, other, alpha)
    return applyTo(arith.subOp, this, other, 1, K.sub(this.array, operandArray(other)))
  }
  /** Multiplies elementwise, broadcasting: `Tensor.mul`, https://pytorch.org/docs/1.13/generated/torch.Tensor.mul.html */
  mul(other: Tensor | number): Tensor {
    return applyTo(arith.mulOp, this, other, undefined, K.mul(this.array, operandArray(other)))
  }
  /** Divides elementwise (true division), broadcasting: `Tensor.div`, https://pytorch.org/docs/1.13/generated/torch.Tensor.div.html */
  div(other: Tensor | number): Tensor {
    return applyTo(arith.divOp, this, other, undefined, K.div(this.array, operandArray(other)))
  }
  /** Raises to a scalar (PowBackward0) or tensor (PowBackward1) power: `Tensor.pow`, https://pytorch.org/docs/1.13/generated/torch.Tensor.pow.html */
  pow(exponent: Tensor | number): Tensor {
    if (typeof exponent !== 'number') return arith.pow(this, exponent)
    const out = exponent === 2 ? K.square(this.array) : K.pow(this.array, exponent)
    return applyTo(arith.powScalarOp, this, undefined, exponent, out)
  }
  /** Elementwise maximum; ties split the gradient: `Tensor.maximum`, https://pytorch.org/docs/1.13/generated/torch.Tensor.maximum.html */
  maximum(other: Tensor): Tensor {
    return arith.maximum(this, other)
  }
  /** Elementwise minimum; ties split the gradient: `Tensor.minimum`, https://pytorch.org/docs/1.13/generated/torch.Tensor.minimum.html */
  minimum(other: Tensor): Tensor {
    return arith.minimum(this, other)
  }
  /** x², recorded as PowBackward0: `Tensor.square`, https://pytorch.org/docs/1.13/generated/torch.Tensor.square.html */
  square(): Tensor {
    return applyTo(arith.powScalarOp, this, undefined, 2, K.square(this.array))
  }
  /** Negation: `Tensor.neg`, https://pytorch.org/docs/1.13/generated/torch.Tensor.neg.html */
  neg(): Tensor {
    return applyTo(un.negOp, this, undefined, undefined, K.neg(this.array))
  }
  /** Absolute value (zero gradient at 0): `Tensor.abs`, https://pytorch.org/docs/1.13/generated/torch.Tensor.abs.html */
  abs(): Tensor {
    return applyTo(un.absOp, this, undefined, undefined, K.abs(this.array))
  }
  /** e^x: `Tensor.exp`, https://pytorch.org/docs/1.13/generated/torch.Tensor.exp.html */
  exp(): Tensor {
    return applyTo(un.expOp, this, undefined, undefined, K.exp(this.array))
  }
  /** Natural logarithm: `Tensor.log`, https://pytorch.org/docs/1.13/generated/torch.Tensor.log.html */
  log(): Tensor {
    return applyTo(un.logOp, this, undefined, undefined, K.log(this.array))
  }
  /** Square root: `Tensor.sqrt`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sqrt.html */
  sqrt(): Tensor {
    return applyTo(un.sqrtOp, this, undefined, undefined, K.sqrt(this.array))
  }
  /** Sine: `Tensor.sin`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sin.html */
  sin(): Tensor {
    return applyTo(un.sinOp, this, undefined, undefined, K.sin(this.array))
  }
  /** Cosine: `Tensor.cos`, https://pytorch.org/docs/1.13/generated/torch.Tensor.cos.html */
  cos(): Tensor {
    return applyTo(un.cosOp, this, undefined, undefined, K.cos(this.array))
  }
  /** Hyperbolic tangent: `Tensor.tanh`, https://pytorch.org/docs/1.13/generated/torch.Tensor.tanh.html */
  tanh(): Tensor {
    return applyTo(un.tanhOp, this, undefined, undefined, K.tanh(this.array))
  }
  /** Logistic sigmoid: `Tensor.sigmoid`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sigmoid.html */
  sigmoid(): Tensor {
    return applyTo(un.sigmoidOp, this, undefined, undefined, K.sigmoid(this.array))
  }
  /** max(x, 0), with no gradient at 0: `Tensor.relu`, https://pytorch.org/docs/1.13/generated/torch.Tensor.relu.html */
  relu(): Tensor {
    return applyTo(un.reluOp, this, undefined, undefined, K.relu(this.array))
  }
  /** Sign (-1, 0, 1), zero gradient: `Tensor.sign`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sign.html */
  sign(): Tensor {
    return applyTo(un.signOp, this, undefined, undefined, K.sign(this.array))
  }
  /** 1 / x: `Tensor.reciprocal`, https://pytorch.org/docs/1.13/generated/torch.Tensor.reciprocal.html */
  reciprocal(): Tensor {
    return applyTo(un.reciprocalOp, this, undefined, undefined, K.reciprocal(this.array))
  }
  /** Clamps into [min, max]; the gradient passes at the bounds: `Tensor.clamp`, https://pytorch.org/docs/1.13/generated/torch.Tensor.clamp.html */
  clamp(min?: number, max?: number): Tensor {
    return clamp(this, min, max)
  }

  // reductions
  /** Sum over all elements or the given dims: `Tensor.sum`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sum.html */
  sum(dim?: red.Dims, keepdim = false): Tensor {
    if (dim !== undefined) return red.sum(this, dim, keepdim)
    return applyTo(red.sumAllOp, this, undefined, undefined, K.sum(this.array))
  }
  /** Mean over all elements or the given dims: `Tensor.mean`, https://pytorch.org/docs/1.13/generated/torch.Tensor.mean.html */
  mean(dim?: red.Dims, keepdim = false): Tensor {
    if (dim !== undefined) return red.mean(this, dim, keepdim)
    return applyTo(red.meanAllOp, this, undefined, undefined, K.mean(this.array))
  }
  /** The maximum (of all elements, or the values along `dim`; see `argmax` for the indices). */
  max(dim?: number, keepdim = false): Tensor {
    return red.max(this, dim, keepdim)
  }
  /** The minimum, of all elements or along `dim`: `Tensor.min`, https://pytorch.org/docs/1.13/generated/torch.Tensor.min.html */
  min(dim?: number, keepdim = false): Tensor {
    return red.min(this, dim, keepdim)
  }
  /** Variance with Bessel's correction by default: `Tensor.var`, https://pytorch.org/docs/1.13/generated/torch.Tensor.var.html */
  var(dim?: red.Dims, options?: red.VarOptions): Tensor {
    return red.variance(this, dim, options)
  }
  /** Standard deviation with Bessel's correction by default: `Tensor.std`, https://pytorch.org/docs/1.13/generated/torch.Tensor.std.html */
  std(dim?: red.Dims, options?: red.VarOptions): Tensor {
    return red.std(this, dim, options)
  }
  /** log(sum(exp(x))) along dims, computed stably: `Tensor.logsumexp`, https://pytorch.org/docs/1.13/generated/torch.Tensor.logsumexp.html */
  logsumexp(dim: red.Dims, keepdim = false): Tensor {
    return red.logsumexp(this, dim, keepdim)
  }
  /** Softmax along `dim`: `Tensor.softmax`, https://pytorch.org/docs/1.13/generated/torch.Tensor.softmax.html */
  softmax(dim: number): Tensor {
    return red.softmax(this, dim)
  }
  /** Log-softmax along `dim` (x - logsumexp): `Tensor.log_softmax`, https://pytorch.org/docs/1.13/generated/torch.Tensor.log_softmax.html */
  logSoftmax(dim: number): Tensor {
    return red.logSoftmax(this, dim)
  }
  /** Index of the maximum (not differentiable): `Tensor.argmax`, https://pytorch.org/docs/1.13/generated/torch.Tensor.argmax.html */
  argmax(dim?: number, keepdim = false): Tensor {
    return new Tensor(K.argmax(this.array, dim, keepdim))
  }
  /** Index of the minimum (not differentiable): `Tensor.argmin`, https://pytorch.org/docs/1.13/generated/torch.Tensor.argmin.html */
  argmin(dim?: number, keepdim = false): Tensor {
    return new Tensor(K.argmin(this.array, dim, keepdim))
  }

  // linear algebra
  /** Matrix product with torch.matmul's 1-D, 2-D and batched rules: `Tensor.matmul`, https://pytorch.org/docs/1.13/generated/torch.Tensor.matmul.html */
  matmul(other: Tensor): Tensor {
    return matmul(this, other)
  }
  /** Product of two matrices: `Tensor.mm`, https://pytorch.org/docs/1.13/generated/torch.Tensor.mm.html */
  mm(other: Tensor): Tensor {
    if (this.ndim !== 2) throw new K.RuntimeError('self must be a matrix')
    if (other.ndim !== 2) throw new K.RuntimeError('mat2 must be a matrix')
    return matmul(this, other)
  }
  /** this + mat1 @ mat2, summed as torch's addmm: `Tensor.addmm`, https://pytorch.org/docs/1.13/generated/torch.Tensor.addmm.html */
  addmm(mat1: Tensor, mat2: Tensor): Tensor {
    return addmm(this, mat1, mat2)
  }
  /** Dot product of two 1-D tensors: `Tensor.dot`, https://pytorch.org/docs/1.13/generated/torch.Tensor.dot.html */
  dot(other: Tensor): Tensor {
    return dot(this, other)
  }

  // shape
  /** The same values in a new shape: a view when strides allow, else a copy: `Tensor.reshape`, https://pytorch.org/docs/1.13/generated/torch.Tensor.reshape.html */
  reshape(...shape: ShapeArgs): Tensor {
    return shp.reshape(this, shapeOf(shape))
  }
  /** A view with a new shape (PyTorch's error when impossible): `Tensor.view`, https://pytorch.org/docs/1.13/generated/torch.Tensor.view.html */
  view(...shape: ShapeArgs): Tensor {
    return shp.view(this, shapeOf(shape))
  }
  /** Swaps two dims (a view): `Tensor.transpose`, https://pytorch.org/docs/1.13/generated/torch.Tensor.transpose.html */
  transpose(dim0: number, dim1: number): Tensor {
    return shp.transpose(this, dim0, dim1)
  }
  /** Reorders the dims (a view): `Tensor.permute`, https://pytorch.org/docs/1.13/generated/torch.Tensor.permute.html */
  permute(...dims: ShapeArgs): Tensor {
    return shp.permute(this, shapeOf(dims))
  }
  /** Transposes a matrix (a view): `Tensor.t`, https://pytorch.org/docs/1.13/generated/torch.Tensor.t.html */
  t(): Tensor {
    return shp.t(this)
  }
  /** Broadcasts size-1 dims to `shape` (a view): `Tensor.expand`, https://pytorch.org/docs/1.13/generated/torch.Tensor.expand.html */
  expand(...shape: ShapeArgs): Tensor {
    return shp.expand(this, shapeOf(shape))
  }
  /** Expands to the shape of `other`: `Tensor.expand_as`, https://pytorch.org/docs/1.13/generated/torch.Tensor.expand_as.html */
  expandAs(other: Tensor): Tensor {
    return shp.expand(this, other.shape)
  }
  /** Removes size-1 dims (all, or `dim`): `Tensor.squeeze`, https://pytorch.org/docs/1.13/generated/torch.Tensor.squeeze.html */
  squeeze(dim?: number): Tensor {
    return shp.squeeze(this, dim)
  }
  /** Inserts a size-1 dim at `dim`: `Tensor.unsqueeze`, https://pytorch.org/docs/1.13/generated/torch.Tensor.unsqueeze.html */
  unsqueeze(dim: number): Tensor {
    return shp.unsqueeze(this, dim)
  }
  /** Merges dims startDim..endDim: `Tensor.flatten`, https://pytorch.org/docs/1.13/generated/torch.Tensor.flatten.html */
  flatten(startDim = 0, endDim = -1): Tensor {
    return shp.flatten(this, startDim, endDim)
  }
  /** The slice at `index` along `dim`, without that dim (a view): `Tensor.select`, https://pytorch.org/docs/1.13/generated/torch.Tensor.select.html */
  select(dim: number, index: number): Tensor {
    return shp.select(this, dim, index)
  }
  /** `length` elements from `start` along `dim` (a view): `Tensor.narrow`, https://pytorch.org/docs/1.13/generated/torch.Tensor.narrow.html */
  narrow(dim: number, start: number, length: number): Tensor {
    return shp.narrow(this, dim, start, length)
  }
  /** Python's `x[start:end:step]` along `dim`. */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return shp.slice(this, dim, start, end, step)
  }
  /** A contiguous tensor with the same values (itself when already contiguous): `Tensor.contiguous`, https://pytorch.org/docs/1.13/generated/torch.Tensor.contiguous.html */
  contiguous(): Tensor {
    return shp.contiguous(this)
  }
  /** A copy that stays in the graph: `Tensor.clone`, https://pytorch.org/docs/1.13/generated/torch.Tensor.clone.html */
  clone(): Tensor {
    return shp.clone(this)
  }

  // dtype
  /** Casts to `dtype` (itself when the dtype matches): `Tensor.to`, https://pytorch.org/docs/1.13/generated/torch.Tensor.to.html */
  to(dtype: K.DType): Tensor {
    return to(this, dtype)
  }
  /** Casts to float32: `Tensor.float`, https://pytorch.org/docs/1.13/generated/torch.Tensor.float.html */
  float(): Tensor {
    return to(this, 'float32')
  }
  /** Casts to float64: `Tensor.double`, https://pytorch.org/docs/1.13/generated/torch.Tensor.double.html */
  double(): Tensor {
    return to(this, 'float64')
  }

  // comparisons: never differentiable
  /** Elementwise ==, a bool tensor: `Tensor.eq`, https://pytorch.org/docs/1.13/generated/torch.Tensor.eq.html */
  eq(other: Tensor | number): Tensor {
    return new Tensor(K.eq(this.array, operandArray(other)))
  }
  /** Elementwise !=, a bool tensor: `Tensor.ne`, https://pytorch.org/docs/1.13/generated/torch.Tensor.ne.html */
  ne(other: Tensor | number): Tensor {
    return new Tensor(K.ne(this.array, operandArray(other)))
  }
  /** Elementwise <, a bool tensor: `Tensor.lt`, https://pytorch.org/docs/1.13/generated/torch.Tensor.lt.html */
  lt(other: Tensor | number): Tensor {
    return new Tensor(K.lt(this.array, operandArray(other)))
  }
  /** Elementwise <=, a bool tensor: `Tensor.le`, https://pytorch.org/docs/1.13/generated/torch.Tensor.le.html */
  le(other: Tensor | number): Tensor {
    return new Tensor(K.le(this.array, operandArray(other)))
  }
  /** Elementwise >, a bool tensor: `Tensor.gt`, https://pytorch.org/docs/1.13/generated/torch.Tensor.gt.html */
  gt(other: Tensor | number): Tensor {
    return new Tensor(K.gt(this.array, operandArray(other)))
  }
  /** Elementwise >=, a bool tensor: `Tensor.ge`, https://pytorch.org/docs/1.13/generated/torch.Tensor.ge.html */
  ge(other: Tensor | number): Tensor {
    return new Tensor(K.ge(this.array, operandArray(other)))
  }

  // in place
  /** `self += alpha * other` in place (PyTorch's `add_`). */
  add_(other: Tensor | number, options?: { alpha?: number }): this {
    const alpha = options?.alpha ?? 1
    return this._inplace(other, (self) => arith.add(self, other, alpha), () =>
      K.add(this.array, alpha === 1 ? operandArray(other) : K.mul(operandArray(other) as K.NDArray, alpha)),
    )
  }
  /** In place: `self -= alpha * other`: `Tensor.sub_`, https://pytorch.org/docs/1.13/generated/torch.Tensor.sub_.html */
  sub_(other: Tensor | number, options?: { alpha?: number }): this {
    const alpha = options?.alpha ?? 1
    return this._inplace(other, (self) => arith.sub(self, other, alpha), () =>
      K.sub(this.array, alpha === 1 ? operandArray(other) : K.mul(operandArray(other) as K.NDArray, alpha)),
    )
  }
  /** In place: `self *= other`: `Tensor.mul_`, https://pytorch.org/docs/1.13/generated/torch.Tensor.mul_.html */
  mul_(other: Tensor | number): this {
    return this._inplace(other, (self) => arith.mul(self, other), () => K.mul(this.array, operandArray(other)))
  }
  /** In place: `self /= other`: `Tensor.div_`, https://pytorch.org/docs/1.13/generated/torch.Tensor.div_.html */
  div_(other: Tensor | number): this {
    return this._inplace(other, (self) => arith.div(self, other), () => K.div(this.array, operandArray(other)))
  }
  /** In place: fills with zeros: `Tensor.zero_`, https://pytorch.org/docs/1.13/generated/torch.Tensor.zero_.html */
  zero_(): this {
    return this._inplace(0, (self) => fillValue(self, 0, true), null, 0)
  }
  /** In place: fills with `value`: `Tensor.fill_`, https://pytorch.org/docs/1.13/generated/torch.Tensor.fill_.html */
  fill_(value: number): this {
    return this._inplace(value, (self) => fillValue(self, value), null, value)
  }
  /** In place: copies `src` (broadcast, cast) into self: `Tensor.copy_`, https://pytorch.org/docs/1.13/generated/torch.Tensor.copy_.html */
  copy_(src: Tensor | number): this {
    return this._inplace(src, (self) => copyValue(self, src), null, src)
  }
  /** Fills with uniform draws from [from, to) (torch's generator stream). */
  uniform_(from = 0, to_ = 1, options?: { generator?: K.Generator }): this {
    this._checkInplace(false)
    K.uniformInto(this.array, from, to_, options?.generator)
    this._counter().v++
    return this
  }
  /** Fills with normal draws of the given mean and std (torch's generator stream). */
  normal_(mean = 0, std = 1, options?: { generator?: K.Generator }): this {
    this._checkInplace(false)
    K.normalInto(this.array, mean, std, options?.generator)
    this._counter().v++
    return this
  }

  /** PyTorch's checks before any in-place change, in its order. */
  _checkInplace(otherRequiresGrad: boolean): boolean {
    if (this._inference && !state.inference) throw new K.RuntimeError(INFERENCE_INPLACE)
    if (!state.gradEnabled) return false
    if (this.gradFn === null && this._requiresGrad) {
      throw new K.RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.')
    }
    const base = this._base
    if (base !== null && base.gradFn === null && base._requiresGrad && this._requiresGrad) {
      throw new K.RuntimeError('a view of a leaf Variable that requires grad is being used in an in-place operation.')
    }
    return this._requiresGrad || otherRequiresGrad
  }

  /**
   * Runs an in-place op. Untracked, it writes `raw()` (or fills/copies `value`) into the storage. Tracked, it records
   * the out-of-place op on a copy of the old values, writes the result back and takes over its gradFn, so backward
   * sees the old values it needs and never a wrong gradient.
   */
  _inplace(
    other: Tensor | number,
    tracked: (self: Tensor) => Tensor,
    raw: (() => K.NDArray) | null,
    value?: Tensor | number,
  ): this {
    const record = this._checkInplace(typeof other !== 'number' && other._requiresGrad)
    if (raw !== null) checkCastable(this.array, other)
    if (record && this._base !== null) {
      inplaceOnView(this, tracked, (values) => writeInto(this.array, values))
    } else if (record) {
      const old = new Tensor(K.clone(this.array))
      old.gradFn = this.gradFn
      old._requiresGrad = this._requiresGrad
      old._acc = this._acc
      const out = tracked(old)
      writeInto(this.array, out.array)
      this.gradFn = out.gradFn
      this._requiresGrad = true
      if (this._retainsGrad && out.gradFn !== null) out.gradFn.retained = this
    } else if (raw !== null) {
      writeInto(this.array, raw())
    } else if (typeof value === 'number') {
      K.fillInto(this.array, value)
    } else {
      K.copyInto(this.array, value!.array)
    }
    this._counter().v++
    return this
  }
}

/**
 * Writes `src` into `dst`'s view (broadcasting, casting). When both are whole, contiguous storages of one dtype
 * and shape, a typed-array copy does it: the optimizer step and gradient accumulation take this path every time.
 */
export function writeInto(dst: K.NDArray, src: K.NDArray): void {
  const n = dst.size
  if (
    src.dtype === dst.dtype &&
    src.size === n &&
    dst.data.length === n &&
    src.data.length === n &&
    dst.offset === 0 &&
    src.offset === 0 &&
    dst.shape.length === src.shape.length &&
    dst.isContiguous() &&
    src.isContiguous() &&
    shp.sameShape(dst.shape, src.shape)
  ) {
    dst.data.set(src.data)
  } else {
    K.copyInto(dst, src)
  }
}

function operandArray(x: Tensor | number): K.NDArray | number {
  return typeof x === 'number' ? x : x.array
}

const TYPE_NAMES: Record<K.DType, string> = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' }

// PyTorch refuses in-place results it cannot store in self's dtype (a float result into a Long tensor).
function checkCastable(self: K.NDArray, other: Tensor | number): void {
  if (isFloating(self.dtype)) return
  const otherFloat = typeof other === 'number' ? !Number.isInteger(other) : isFloating(other.dtype)
  if (otherFloat) {
    const result = typeof other === 'number' ? 'Float' : TYPE_NAMES[other.dtype]
    throw new K.RuntimeError(`result type ${result} can't be cast to the desired output type ${TYPE_NAMES[self.dtype]}`)
  }
}
