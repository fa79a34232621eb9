import { type Tensor, fromArray, where } from '@descent/autograd'
import { IndexError, NDArray, RuntimeError, ValueError, sameShape } from '@descent/tensor'
import { contiguousValues } from '../io/bytes.js'
import { Loss } from './Loss.js'
import { type Reduction, checkReduction } from './reduction.js'

export interface NLLOptions {
  weight?: Tensor | null
  ignoreIndex?: number
  reduction?: Reduction
}

const list = (shape: readonly number[]) => `[${shape.join(', ')}]`

/** PyTorch's shape checks of nll_loss_nd, in its order and with its wording. */
function checkShapes(input: Tensor, target: Tensor, weight: Tensor | null): void {
  const dim = input.ndim
  if (dim < 1) throw new ValueError(`Expected 1 or more dimensions (got ${dim})`)
  if (dim !== 1 && input.shape[0] !== target.shape[0]) {
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`)
  }
  if (target.dtype !== 'int64') throw new RuntimeError(`expected scalar type Long but found ${scalarName(target.dtype)}`)
  if (dim <= 2) {
    if (target.ndim > 1) throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported')
    const noBatch = dim === 1 && target.ndim === 0
    if (!noBatch && input.shape[0] !== target.shape[0]) {
      throw new RuntimeError(`size mismatch (got input: ${list(input.shape)}, target: ${list(target.shape)})`)
    }
  } else if (dim === 4 && target.ndim !== 3) {
    throw new RuntimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`)
  } else {
    const want = [input.shape[0]!, ...input.shape.slice(2)]
    if (!sameShape(target.shape, want)) throw new RuntimeError(`Expected target size ${list(want)}, got ${list(target.shape)}`)
  }
  const classes = dim === 1 ? input.shape[0]! : input.shape[1]!
  if (weight !== null && (weight.ndim !== 1 || weight.numel() !== classes)) {
    throw new RuntimeError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${list(weight.shape)}`,
    )
  }
}

const scalarName = (dtype: string) => ({ float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' })[dtype] ?? dtype

/**
 * The one-hot mask of the target classes (false where the target is ignored) laid out like the input, and the
 * sum of the target classes' weights (the divisor of the mean).
 */
export function targetMask(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  ignoreIndex: number,
): { mask: Tensor; totalWeight: number; ignored: number } {
  const classes = input.ndim === 1 ? input.shape[0]! : input.shape[1]!
  const batch = input.ndim === 1 ? 1 : input.shape[0]!
  const inner = input.shape.slice(2).reduce((a, b) => a * b, 1)
  const t = contiguousValues(target.array)
  const w = weight === null ? null : contiguousValues(weight.array)
  const mask = new Uint8Array(input.numel())
  let totalWeight = 0
  let ignored = 0
  for (let n = 0; n < batch; n++) {
    for (let r = 0; r < inner; r++) {
      const c = t[n * inner + r]!
      if (c === ignoreIndex) {
        ignored++
        continue
      }
      if (!(c >= 0 && c < classes)) throw new IndexError(`Target ${c} is out of bounds.`)
      mask[(n * classes + c) * inner + r] = 1
      // PyTorch accumulates the total weight in the input's precision.
      totalWeight = input.dtype === 'float32' ? Math.fround(totalWeight + (w === null ? 1 : w[c]!)) : totalWeight + (w === null ? 1 : w[c]!)
    }
  }
  return { mask: fromArray(new NDArray(mask, [...input.shape], 'bool')), totalWeight, ignored }
}

/** `weight` shaped to broadcast along the class dim of an input of `ndim` dims. */
export function classWeight(weight: Tensor, ndim: number): Tensor {
  return ndim <= 1 ? weight : weight.reshape([1, weight.shape[0]!, ...new Array<number>(ndim - 2).fill(1)])
}

/**
 * Negative log likelihood of the target classes given log-probabilities (class dim 1, or 0 for a single
 * sample): -weight[t]·input[t], averaged over the targets' total weight; targets equal to `ignoreIndex` count
 * for nothing.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.nll_loss.html
 * @example
 * nllLoss(tensor([[-0.5, -1.0]]), tensor([1])) // tensor(1.)
 */
export function nllLoss(input: Tensor, target: Tensor, { weight = null, ignoreIndex = -100, reduction = 'mean' }: NLLOptions = {}): Tensor {
  checkReduction(reduction)
  checkShapes(input, target, weight)
  const { mask, totalWeight, ignored } = targetMask(input, target, weight, ignoreIndex)
  // where, not a product with the mask: -inf log-probabilities of other classes must not turn into NaN. The sum
  // only adds +0s to the picked value, and negating last gives PyTorch's -0 for a log-probability of exactly 0.
  let picked = where(mask, input, 0)
  if (weight !== null) picked = picked.mul(classWeight(weight, input.ndim))
  let loss = picked.sum(input.ndim === 1 ? 0 : 1).neg()
  // An ignored target's row would be -0; PyTorch writes +0 there (and prints -0 as "-0.").
  if (ignored > 0) loss = where(target.eq(ignoreIndex), 0, loss)
  if (reduction === 'none') return loss
  const total = loss.sum()
  return reduction === 'sum' ? total : total.div(totalWeight)
}

/**
 * Negative log likelihood as a module; `weight` is saved as a buffer.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.NLLLoss.html
 * @example
 * new NLLLoss().call(logits.logSoftmax(1), labels)
 */
export class NLLLoss extends Loss {
  declare weight: Tensor | null
  readonly ignoreIndex: number
  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean' }: NLLOptions = {}) {
    super(reduction)
    this.registerBuffer('weight', weight)
    this.ignoreIndex = ignoreIndex
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction })
  }
}
