import type { Tensor } from '@descent/autograd'
import { ValueError, sameShape } from '@descent/tensor'
import { formatSize } from '../module/format.js'
import { Loss } from './Loss.js'
import { type Reduction, checkReduction, reduce } from './reduction.js'

/**
 * Sigmoid and binary cross entropy in one numerically stable step, with optional `weight` and `posWeight` (the
 * weight of positive examples, broadcast over the class dim).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.binary_cross_entropy_with_logits.html
 * @example
 * binaryCrossEntropyWithLogits(tensor([2, -1]), tensor([1, 0])) // tensor(0.2201)
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  {
    weight = null,
    reduction = 'mean',
    posWeight = null,
  }: { weight?: Tensor | null; reduction?: Reduction; posWeight?: Tensor | null } = {},
): Tensor {
  checkReduction(reduction)
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(`Target size (${formatSize(target.shape)}) must be the same as input size (${formatSize(input.shape)})`)
  }
  // PyTorch's form: with m = max(-x, 0), log(1 + e^-x) = m + log(e^-m + e^(-x-m)), which never overflows.
  const maxVal = input.neg().clamp(0)
  const logTerm = maxVal.neg().exp().add(input.neg().sub(maxVal).exp()).log()
  const linear = target.neg().add(1).mul(input)
  let loss: Tensor
  if (posWeight !== null) {
    const logWeight = posWeight.sub(1).mul(target).add(1)
    loss = linear.add(logWeight.mul(logTerm.add(maxVal)))
  } else {
    loss = linear.add(maxVal).add(logTerm)
  }
  if (weight !== null) loss = loss.mul(weight)
  return reduce(loss, reduction)
}

/**
 * Sigmoid + binary cross entropy as a module; `weight` and `posWeight` are saved as buffers.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.BCEWithLogitsLoss.html
 * @example
 * new BCEWithLogitsLoss({ posWeight: tensor([3]) }).call(logits, y)
 */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null
  declare posWeight: Tensor | null
  constructor({
    weight = null,
    reduction = 'mean',
    posWeight = null,
  }: { weight?: Tensor | null; reduction?: Reduction; posWeight?: Tensor | null } = {}) {
    super(reduction)
    this.registerBuffer('weight', weight)
    this.registerBuffer('posWeight', posWeight)
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction })
  }
}
