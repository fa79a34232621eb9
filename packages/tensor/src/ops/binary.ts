import { NDArray, allocate } from '../NDArray.js'
import type { DType } from '../NDArray.js'
import { backend } from '../backend/index.js'
import type { BinaryOp, CompareOp } from '../backend/index.js'
import { scalar } from '../creation.js'
import { isFloating, resultType } from '../dtype.js'
import { RuntimeError } from '../errors.js'
import { broadcastShapes, sameShape } from '../shape.js'
import { sign } from './unary.js'
import { alloc, asDType, broadcastTo, scalarIn, torchName } from './util.js'

export type Operand = NDArray | number

function checkBool(op: BinaryOp, a: Operand, b: Operand): void {
  const aBool = a instanceof NDArray ? a.dtype === 'bool' : false
  const bBool = b instanceof NDArray ? b.dtype === 'bool' : false
  if (op === 'sub' && aBool && bBool) {
    throw new RuntimeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    )
  }
  if (op === 'sub' && (aBool || bBool)) {
    throw new RuntimeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    )
  }
}

// The dtype an op computes in: true division and fractional powers of integers happen in float32.
function computeDType(op: BinaryOp, a: Operand, b: Operand): DType {
  const dtype = resultType(a, b)
  if (op === 'div' && !isFloating(dtype)) return 'float32'
  if (dtype === 'bool' && op === 'pow') throw new RuntimeError(`"pow" not implemented for 'Bool'`)
  return dtype
}

// Float tensors of one dtype with a number, a 0-d tensor or a same-shape tensor: the dtype is the tensor's and no
// broadcast view is needed. A 0-d operand is read as its value, which add/sub/mul/div compute with identically.
function fastArith(op: BinaryOp, a: Operand, b: Operand): NDArray | null {
  if (op !== 'add' && op !== 'sub' && op !== 'mul' && op !== 'div') return null
  if (typeof a === 'number') {
    if (typeof b === 'number') return null
    const dt = b.dtype
    if (dt !== 'float32' && dt !== 'float64') return null
    const out = alloc(b.shape, dt)
    backend.binary(op, b, scalarIn(a, dt), out, true)
    return out
  }
  const dt = a.dtype
  if (dt !== 'float32' && dt !== 'float64') return null
  if (typeof b === 'number') {
    const out = alloc(a.shape, dt)
    backend.binary(op, a, scalarIn(b, dt), out)
    return out
  }
  if (b.dtype !== dt) return null
  const na = a.shape.length
  const nb = b.shape.length
  if (nb === 0 && na !== 0) {
    const out = alloc(a.shape, dt)
    backend.binary(op, a, b.data[b.offset]!, out)
    return out
  }
  if (na === 0 && nb !== 0) {
    const out = alloc(b.shape, dt)
    backend.binary(op, b, a.data[a.offset]!, out, true)
    return out
  }
  if (!sameShape(a.shape, b.shape)) return null
  const out = alloc(a.shape, dt)
  backend.binary(op, a, b, out)
  return out
}

/** The most elements the short loops of `arithmetic` take; larger arrays go to the backend's unrolled loops. */
const FEW = 16

/**
 * add/sub/mul/div. Contiguous float32 arrays of at most FEW elements, with a number, a one-element array or a
 * same-shape array, run one short loop right here: none of the dispatch layers and unrolled loops below, which on
 * the scalar training loops cost more (and take the optimising compiler longer) than the arithmetic. The values are
 * the backend's: each result is the double result of two float32 values stored into a Float32Array, rounded once
 * (double rounding is harmless for + - * / since 53 >= 2 * 24 + 2). Everything else goes to `binary`.
 */
function arithmetic(op: BinaryOp, a: Operand, b: Operand): NDArray {
  let x: NDArray
  let s = 0
  let y: NDArray | null = null
  let swap = false
  if (typeof a === 'number') {
    if (typeof b === 'number' || b.dtype !== 'float32') return binary(op, a, b)
    x = b
    s = Math.fround(a)
    swap = true
  } else {
    if (a.dtype !== 'float32') return binary(op, a, b)
    x = a
    if (typeof b === 'number') s = Math.fround(b)
    else if (b.dtype !== 'float32') return binary(op, a, b)
    else if (b.shape.length === 0) s = b.data[b.offset]!
    else if (a.shape.length === 0) {
      x = b
      s = a.data[a.offset]!
      swap = true
    } else {
      // one shape (else the general path broadcasts); a side that is one value (one element, or expanded from one:
      // every stride 0, as an expanded 0-d gradient) is read as a number
      const as = a.shape
      const bs = b.shape
      if (as.length !== bs.length) return binary(op, a, b)
      let aOne = a.size > 0
      let bOne = b.size > 0
      for (let d = 0; d < as.length; d++) {
        if (as[d] !== bs[d]) return binary(op, a, b)
        if (a.strides[d] !== 0) aOne = false
        if (b.strides[d] !== 0) bOne = false
      }
      if (b.size === 1 || bOne) s = b.data[b.offset]!
      else if (aOne) {
        x = b
        s = a.data[a.offset]!
        swap = true
      } else y = b
    }
  }
  const n = x.size
  if (n > FEW || !x.isContiguous() || (y !== null && !y.isContiguous())) return binary(op, a, b)
  // Two loops with the op chosen per element (the helpers inlined by hand): every function and loop on this path is
  // more work for the optimising compiler while a training loop warms up, and where the op is known (K.mul, ...)
  // it folds the choice away.
  const o = allocate('float32', n)
  const xd = x.data
  const xo = x.offset
  if (y !== null) {
    const yd = y.data
    const yo = y.offset
    for (let k = 0; k < n; k++) {
      const u = xd[xo + k]!
      const v = yd[yo + k]!
      o[k] = op === 'add' ? u + v : op === 'sub' ? u - v : op === 'mul' ? u * v : u / v
    }
  } else {
    for (let k = 0; k < n; k++) {
      const u = swap ? s : xd[xo + k]!
      const v = swap ? xd[xo + k]! : s
      o[k] = op === 'add' ? u + v : op === 'sub' ? u - v : op === 'mul' ? u * v : u / v
    }
  }
  return new NDArray(o, x.shape, 'float32')
}

function binary(op: BinaryOp, a: Operand, b: Operand): NDArray {
  const fast = fastArith(op, a, b)
  if (fast !== null) return fast
  if (typeof a === 'number' && typeof b === 'number') {
    return binary(op, scalar(a, Number.isInteger(a) ? 'int64' : 'float32'), b)
  }
  checkBool(op, a, b)
  const dtype = computeDType(op, a, b)
  // bool + bool is logical or, bool * bool logical and: max and min keep the storage 0/1.
  const kernel: BinaryOp = dtype === 'bool' ? (op === 'add' ? 'maximum' : op === 'mul' ? 'minimum' : op) : op
  if (typeof b === 'number') {
    const x = a as NDArray
    const out = alloc(x.shape, dtype)
    if (dtype === 'int64' && op === 'pow' && b < 0) throw new RuntimeError('Integers to negative integer powers are not allowed.')
    backend.binary(kernel, asDType(x, dtype), scalarIn(b, dtype), out)
    return out
  }
  if (typeof a === 'number') {
    const out = alloc(b.shape, dtype)
    backend.binary(kernel, asDType(b, dtype), scalarIn(a, dtype), out, true)
    return out
  }
  if (sameShape(a.shape, b.shape)) {
    const out = alloc(a.shape, dtype)
    backend.binary(kernel, asDType(a, dtype), asDType(b, dtype), out)
    return out
  }
  const shape = broadcastShapes(a.shape, b.shape)
  const out = alloc(shape, dtype)
  backend.binary(kernel, broadcastTo(asDType(a, dtype), shape), broadcastTo(asDType(b, dtype), shape), out)
  return out
}

/**
 * a + b with broadcasting and PyTorch's dtype promotion (a JS number acts as a Python scalar).
 * @see https://pytorch.org/docs/1.13/generated/torch.add.html
 * @example
 * add(array([1, 2]), 1)             // tensor([2., 3.])
 * add(array([[1], [2]]), array([10, 20])) // tensor([[11., 21.], [12., 22.]])
 */
export const add = (a: Operand, b: Operand): NDArray => arithmetic('add', a, b)

/**
 * a - b with broadcasting.
 * @see https://pytorch.org/docs/1.13/generated/torch.sub.html
 * @example
 * sub(array([3, 4]), 1)   // tensor([2., 3.])
 * sub(1, array([3, 4]))   // tensor([-2., -3.])
 */
export const sub = (a: Operand, b: Operand): NDArray => arithmetic('sub', a, b)

/**
 * a * b with broadcasting.
 * @see https://pytorch.org/docs/1.13/generated/torch.mul.html
 * @example
 * mul(array([1, 2]), 3)   // tensor([3., 6.])
 * mul(array([1, 2]), array([[1], [2]])) // shape [2, 2]
 */
export const mul = (a: Operand, b: Operand): NDArray => arithmetic('mul', a, b)

/**
 * grad · sign(x), the derivative of |x| (PyTorch's abs_backward): exactly `mul(grad, sign(x))`. A few contiguous
 * float32 values of one shape (grad possibly one value expanded, as a mean's gradient) take one loop and one result
 * instead of two: each product of a float32 and -1, 0 or 1 is what mul stores.
 * @example
 * mulSign(array([2, 2, 2]), array([-3, 0, 5])) // tensor([-2., 0., 2.])
 */
export function mulSign(grad: NDArray, x: NDArray): NDArray {
  const n = x.size
  if (grad.dtype !== 'float32' || x.dtype !== 'float32' || n > FEW || !x.isContiguous()) return mul(grad, sign(x))
  const gs = grad.shape
  const xs = x.shape
  if (gs.length !== xs.length) return mul(grad, sign(x))
  let gOne = true
  for (let d = 0; d < gs.length; d++) {
    if (gs[d] !== xs[d]) return mul(grad, sign(x))
    if (grad.strides[d] !== 0) gOne = false
  }
  // one value (one element, or every stride 0), else it must walk its storage in order as x does
  if (!gOne && n > 1 && !grad.isContiguous()) return mul(grad, sign(x))
  const one = gOne || n <= 1
  const o = allocate('float32', n)
  const gd = grad.data
  const go = grad.offset
  const xd = x.data
  const xo = x.offset
  for (let k = 0; k < n; k++) {
    const v = xd[xo + k]!
    o[k] = gd[one ? go : go + k]! * (v > 0 ? 1 : v < 0 ? -1 : 0)
  }
  return new NDArray(o, xs, 'float32')
}

/**
 * True division a / b (integers divide in float32).
 * @see https://pytorch.org/docs/1.13/generated/torch.div.html
 * @example
 * div(array([1, 2]), 4)   // tensor([0.2500, 0.5000])
 * div(1, array([0]))      // tensor([inf])
 */
export const div = (a: Operand, b: Operand): NDArray => arithmetic('div', a, b)

/**
 * a ** b with broadcasting, using PyTorch's fast paths for the exponents 2, 3, 0.5, -0.5, -1, -2.
 * @see https://pytorch.org/docs/1.13/generated/torch.pow.html
 * @example
 * pow(array([2, 3]), 2)   // tensor([4., 9.])
 * pow(2, array([0, 1]))   // tensor([1., 2.])
 */
export const pow = (a: Operand, b: Operand): NDArray => binary('pow', a, b)

/**
 * Elementwise maximum, propagating NaN.
 * @see https://pytorch.org/docs/1.13/generated/torch.maximum.html
 * @example
 * maximum(array([1, 5]), array([3, 2])) // tensor([3., 5.])
 * maximum(array([NaN]), array([1]))     // tensor([nan])
 */
export const maximum = (a: Operand, b: Operand): NDArray => binary('maximum', a, b)

/**
 * Elementwise minimum, propagating NaN.
 * @see https://pytorch.org/docs/1.13/generated/torch.minimum.html
 * @example
 * minimum(array([1, 5]), array([3, 2])) // tensor([1., 2.])
 * minimum(array([NaN]), array([1]))     // tensor([nan])
 */
export const minimum = (a: Operand, b: Operand): NDArray => binary('minimum', a, b)

function compare(op: CompareOp, a: Operand, b: Operand): NDArray {
  if (typeof a === 'number') {
    // Swap so the tensor comes first: a < b is b > a.
    const flipped: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' }
    if (typeof b === 'number') return compare(op, scalar(a, Number.isInteger(a) ? 'int64' : 'float32'), b)
    return compare(flipped[op], b, a)
  }
  const dtype = resultType(a, b)
  if (typeof b === 'number') {
    const out = alloc(a.shape, 'bool')
    backend.compare(op, asDType(a, dtype), scalarIn(b, dtype), out)
    return out
  }
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape)
  const out = alloc(shape, 'bool')
  backend.compare(op, broadcastTo(asDType(a, dtype), shape), broadcastTo(asDType(b, dtype), shape), out)
  return out
}

/**
 * a == b elementwise, as a bool array (compared in the promoted dtype).
 * @see https://pytorch.org/docs/1.13/generated/torch.eq.html
 * @example
 * eq(array([1, 2]), 2)    // tensor([False,  True])
 * eq(array([NaN]), NaN)   // tensor([False])
 */
export const eq = (a: Operand, b: Operand): NDArray => compare('eq', a, b)

/**
 * a != b elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.ne.html
 * @example
 * ne(array([1, 2]), 2)    // tensor([ True, False])
 * ne(array([NaN]), NaN)   // tensor([True])
 */
export const ne = (a: Operand, b: Operand): NDArray => compare('ne', a, b)

/**
 * a < b elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.lt.html
 * @example
 * lt(array([1, 2]), 2)    // tensor([ True, False])
 * lt(0, array([-1, 1]))   // tensor([False,  True])
 */
export const lt = (a: Operand, b: Operand): NDArray => compare('lt', a, b)

/**
 * a <= b elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.le.html
 * @example
 * le(array([1, 2]), 1)    // tensor([ True, False])
 * le(array([NaN]), 0)     // tensor([False])
 */
export const le = (a: Operand, b: Operand): NDArray => compare('le', a, b)

/**
 * a > b elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.gt.html
 * @example
 * gt(array([1, 2]), 1)    // tensor([False,  True])
 * gt(array([0.1]), 0.1)   // tensor([False]) (0.1 is rounded to float32 first)
 */
export const gt = (a: Operand, b: Operand): NDArray => compare('gt', a, b)

/**
 * a >= b elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.ge.html
 * @example
 * ge(array([1, 2]), 2)    // tensor([False,  True])
 * ge(array([NaN]), NaN)   // tensor([False])
 */
export const ge = (a: Operand, b: Operand): NDArray => compare('ge', a, b)

/**
 * Picks a where `cond` is true and b elsewhere, broadcasting all three; `cond` must be bool.
 * @see https://pytorch.org/docs/1.13/generated/torch.where.html
 * @example
 * where(gt(x, 0), x, 0)         // relu
 * where(array([true, false]), 1, array([5, 6])) // tensor([1., 6.])
 */
export function where(cond: NDArray, a: Operand, b: Operand): NDArray {
  if (cond.dtype !== 'bool') {
    throw new RuntimeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${torchName(cond.dtype)}`,
    )
  }
  const dtype = resultType(a, b)
  const x = typeof a === 'number' ? scalar(scalarIn(a, dtype), dtype) : asDType(a, dtype)
  const y = typeof b === 'number' ? scalar(scalarIn(b, dtype), dtype) : asDType(b, dtype)
  const shape = broadcastShapes(cond.shape, x.shape, y.shape)
  const out = alloc(shape, dtype)
  backend.where(broadcastTo(cond, shape), broadcastTo(x, shape), broadcastTo(y, shape), out)
  return out
}
