import type { Tensor } from '@descent/autograd'
import { RuntimeError, ValueError, sameShape } from '@descent/tensor'
import { contiguousValues } from '../io/bytes.js'
import { formatSize } from '../module/format.js'
import { Loss } from './Loss.js'
import { type Reduction, checkReduction, reduce } from './reduction.js'

/**
 * Binary cross entropy between probabilities and targets: -w·(t·log x + (1 - t)·log(1 - x)), each log clamped
 * at -100 as PyTorch does so that x = 0 or 1 gives a finite loss.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.binary_cross_entropy.html
 * @example
 * binaryCrossEntropy(tensor([0.8, 0.1]), tensor([1, 0])) // tensor(0.1643)
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  { weight = null, reduction = 'mean' }: { weight?: Tensor | null; reduction?: Reduction } = {},
): Tensor {
  checkReduction(reduction)
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(
      `Using a target size (${formatSize(target.shape)}) that is different to the input size (${formatSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
    )
  }
  for (const x of Array.from(contiguousValues(input.array))) {
    if (!(x >= 0 && x <= 1)) throw new RuntimeError('all elements of input should be between 0 and 1')
  }
  const logX = input.log().clamp(-100)
  const log1mX = input.neg().add(1).log().clamp(-100)
  // PyTorch's kernel: (t - 1)·max(log(1 - x), -100) - t·max(log x, -100).
  let loss = target.sub(1).mul(log1mX).sub(target.mul(logX))
  if (weight !== null) loss = loss.mul(weight)
  return reduce(loss, reduction)
}

/**
 * Binary cross entropy as a module; `weight` rescales each element and is saved as a buffer.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.BCELoss.html
 * @example
 * new BCELoss().call(model.call(x).sigmoid(), y)
 */
export class BCELoss extends Loss {
  declare weight: Tensor | null
  constructor({ weight = null, reduction = 'mean' }: { weight?: Tensor | null; reduction?: Reduction } = {}) {
    super(reduction)
    this.registerBuffer('weight', weight)
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction })
  }
}
