import type { Tensor } from '@descent/autograd'
import { Loss } from './Loss.js'
import { type Reduction, checkReduction, reduce, warnIfBroadcasting } from './reduction.js'

/**
 * Mean absolute error, |input - target|, reduced.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.l1_loss.html
 * @example
 * l1Loss(tensor([1, 2]), tensor([1, 4])) // tensor(1.)
 */
export function l1Loss(input: Tensor, target: Tensor, { reduction = 'mean' }: { reduction?: Reduction } = {}): Tensor {
  return l1(input, target, reduction)
}

// The module calls this directly: no options object per step.
function l1(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  warnIfBroadcasting(input, target)
  checkReduction(reduction)
  return reduce(input.sub(target).abs(), reduction)
}

/**
 * Mean absolute error as a module.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.L1Loss.html
 * @example
 * const lossFn = new L1Loss()
 * lossFn.call(yPred, y)
 */
export class L1Loss extends Loss {
  constructor({ reduction = 'mean' }: { reduction?: Reduction } = {}) {
    super(reduction)
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1(input, target, this.reduction)
  }
}
