import { NDArray, allocate } from '../NDArray.js'
import { backend } from '../backend/index.js'
import type { UnaryOp } from '../backend/index.js'
import type { DType } from '../NDArray.js'
import { isFloating, resultType } from '../dtype.js'
import { RuntimeError } from '../errors.js'
import { alloc, asDType, scalarIn } from './util.js'

// Ops PyTorch only computes in floating point: integer and bool inputs give float32.
function floatOnly(op: UnaryOp): boolean {
  // a switch, not a Set: this runs on every unary op and a Set lookup is a builtin call
  switch (op) {
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'sin':
    case 'cos':
    case 'tanh':
    case 'sigmoid':
    case 'reciprocal':
      return true
    default:
      return false
  }
}

/** The most elements the short loop of `unary` takes (as binary's `arithmetic`). */
const FEW = 16

function unary(op: UnaryOp, a: NDArray): NDArray {
  if (
    (op === 'neg' || op === 'abs' || op === 'square' || op === 'sign') &&
    a.dtype === 'float32' &&
    a.size <= FEW &&
    a.isContiguous()
  ) {
    // -x, |x|, x·x and sign(x) of a few float32 values: one short loop, not the backend's dispatch (a negated
    // gradient, L1's sign, on every scalar training step); the product is rounded once when stored, as the
    // backend's loop does, and sign gives 0 for NaN and -0 as it does.
    const n = a.size
    const o = allocate('float32', n)
    const x = a.data
    const xo = a.offset
    for (let k = 0; k < n; k++) {
      const v = x[xo + k]!
      o[k] = op === 'neg' ? -v : op === 'abs' ? Math.abs(v) : op === 'square' ? v * v : v > 0 ? 1 : v < 0 ? -1 : 0
    }
    return new NDArray(o, a.shape, 'float32')
  }
  let dtype: DType = a.dtype
  if (floatOnly(op)) {
    if (!isFloating(dtype)) dtype = 'float32'
  } else if (dtype === 'bool') {
    if (op === 'neg') {
      throw new RuntimeError(
        'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
      )
    }
    if (op === 'abs') throw new RuntimeError(`"abs_cpu" not implemented for 'Bool'`)
    if (op === 'relu') throw new RuntimeError('Boolean inputs not supported for relu')
    // The sign of a bool is itself.
    if (op === 'sign') return copyBool(a)
    if (op === 'square') dtype = 'int64'
  }
  const out = alloc(a.shape, dtype)
  backend.unary(op, asDType(a, dtype), out)
  return out
}

function copyBool(a: NDArray): NDArray {
  const out = alloc(a.shape, 'bool')
  backend.copy(a, out)
  return out
}

/**
 * -a elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.neg.html
 * @example
 * neg(array([1, -2]))   // tensor([-1.,  2.])
 * neg(scalar(0))        // tensor(-0.)
 */
export const neg = (a: NDArray): NDArray => unary('neg', a)

/**
 * |a| elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.abs.html
 * @example
 * abs(array([-1.5, 2]))  // tensor([1.5000, 2.0000])
 * abs(scalar(-0))        // tensor(0.)
 */
export const abs = (a: NDArray): NDArray => unary('abs', a)

/**
 * e^a elementwise (float32 for integer inputs).
 * @see https://pytorch.org/docs/1.13/generated/torch.exp.html
 * @example
 * exp(array([0, 1]))     // tensor([1.0000, 2.7183])
 * exp(scalar(-Infinity)) // tensor(0.)
 */
export const exp = (a: NDArray): NDArray => unary('exp', a)

/**
 * Natural logarithm elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.log.html
 * @example
 * log(array([1, Math.E])) // tensor([0., 1.])
 * log(scalar(0))          // tensor(-inf)
 */
export const log = (a: NDArray): NDArray => unary('log', a)

/**
 * Square root elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.sqrt.html
 * @example
 * sqrt(array([4, 2]))    // tensor([2.0000, 1.4142])
 * sqrt(scalar(-1))       // tensor(nan)
 */
export const sqrt = (a: NDArray): NDArray => unary('sqrt', a)

/**
 * a * a elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.square.html
 * @example
 * square(array([3, -2]))  // tensor([9., 4.])
 * square(array([2], { dtype: 'int64' })) // tensor([4])
 */
export const square = (a: NDArray): NDArray => unary('square', a)

/**
 * Sine elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.sin.html
 * @example
 * sin(array([0, Math.PI / 2])) // tensor([0., 1.])
 * sin(scalar(Infinity))        // tensor(nan)
 */
export const sin = (a: NDArray): NDArray => unary('sin', a)

/**
 * Cosine elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.cos.html
 * @example
 * cos(array([0])) // tensor([1.])
 * cos(scalar(Math.PI)) // tensor(-1.)
 */
export const cos = (a: NDArray): NDArray => unary('cos', a)

/**
 * Hyperbolic tangent elementwise.
 * @see https://pytorch.org/docs/1.13/generated/torch.tanh.html
 * @example
 * tanh(array([0, 100])) // tensor([0., 1.])
 * tanh(scalar(-Infinity)) // tensor(-1.)
 */
export const tanh = (a: NDArray): NDArray => unary('tanh', a)

/**
 * 1 / (1 + e^-a) elementwise, rounded step by step in float32 as PyTorch's kernel does.
 * @see https://pytorch.org/docs/1.13/generated/torch.sigmoid.html
 * @example
 * sigmoid(array([0])) // tensor([0.5000])
 * sigmoid(scalar(-Infinity)) // tensor(0.)
 */
export const sigmoid = (a: NDArray): NDArray => unary('sigmoid', a)

/**
 * max(a, 0) elementwise (NaN and -0 pass through, as in PyTorch).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.relu.html
 * @example
 * relu(array([-1, 2])) // tensor([0., 2.])
 * relu(scalar(NaN))    // tensor(nan)
 */
export const relu = (a: NDArray): NDArray => unary('relu', a)

/**
 * -1, 0 or 1 by sign (0 for NaN, as PyTorch 1.13's CPU kernel).
 * @see https://pytorch.org/docs/1.13/generated/torch.sign.html
 * @example
 * sign(array([-3, 0, 2])) // tensor([-1.,  0.,  1.])
 * sign(scalar(NaN))       // tensor(0.)
 */
export const sign = (a: NDArray): NDArray => unary('sign', a)

/**
 * 1 / a elementwise (float32 for integer inputs).
 * @see https://pytorch.org/docs/1.13/generated/torch.reciprocal.html
 * @example
 * reciprocal(array([2, 0])) // tensor([0.5000,    inf])
 * reciprocal(scalar(-0))    // tensor(-inf)
 */
export const reciprocal = (a: NDArray): NDArray => unary('reciprocal', a)

/**
 * Clamps into [min, max] (either bound optional; NaN stays NaN; min > max gives max), in the promoted dtype.
 * @see https://pytorch.org/docs/1.13/generated/torch.clamp.html
 * @example
 * clamp(array([-2, 0.5, 3]), 0, 1) // tensor([0.0000, 0.5000, 1.0000])
 * clamp(a, undefined, 0)           // min(a, 0)
 */
export function clamp(a: NDArray, min?: number, max?: number): NDArray {
  if (min === undefined && max === undefined) {
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
  }
  const bounds: number[] = []
  if (min !== undefined) bounds.push(min)
  if (max !== undefined) bounds.push(max)
  const dtype = resultType(a, ...bounds)
  const out = alloc(a.shape, dtype)
  backend.clamp(
    asDType(a, dtype),
    min === undefined ? undefined : scalarIn(min, dtype),
    max === undefined ? undefined : scalarIn(max, dtype),
    out,
  )
  return out
}
