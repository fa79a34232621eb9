import type { Tensor } from '@descent/autograd'
import { Loss } from './Loss.js'
import { type Reduction, checkReduction, reduce, warnIfBroadcasting } from './reduction.js'

/**
 * Mean squared error, (input - target)², reduced.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.mse_loss.html
 * @example
 * mseLoss(tensor([1, 2]), tensor([1, 4])) // tensor(2.)
 */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: { reduction?: Reduction } = {}): Tensor {
  warnIfBroadcasting(input, target)
  checkReduction(reduction)
  return reduce(input.sub(target).square(), reduction)
}

/**
 * Mean squared error as a module.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.MSELoss.html
 * @example
 * const lossFn = new MSELoss()
 * lossFn.call(yPred, y).backward()
 */
export class MSELoss extends Loss {
  constructor({ reduction = 'mean' }: { reduction?: Reduction } = {}) {
    super(reduction)
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction })
  }
}
