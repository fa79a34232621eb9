import { type Tensor, where } from '@descent/autograd'
import { RuntimeError } from '@descent/tensor'
import { Loss } from './Loss.js'
import { l1Loss } from './l1Loss.js'
import { type Reduction, checkReduction, reduce, warnIfBroadcasting } from './reduction.js'

/**
 * Smooth L1 loss: ½z²/beta where z = |input - target| < beta, else z - ½beta (L1 loss when beta = 0).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.smooth_l1_loss.html
 * @example
 * smoothL1Loss(tensor([0, 3]), tensor([0.5, 0])) // tensor(1.3125)
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  { reduction = 'mean', beta = 1.0 }: { reduction?: Reduction; beta?: number } = {},
): Tensor {
  // PyTorch hands beta = 0 to the L1 kernel (the quadratic branch would divide by zero).
  if (beta === 0) return l1Loss(input, target, { reduction })
  warnIfBroadcasting(input, target)
  checkReduction(reduction)
  if (beta < 0) throw new RuntimeError('smooth_l1_loss does not support negative values for beta.')
  const z = input.sub(target).abs()
  return reduce(where(z.lt(beta), z.square().mul(0.5).div(beta), z.sub(0.5 * beta)), reduction)
}

/**
 * Smooth L1 loss as a module.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.SmoothL1Loss.html
 * @example
 * new SmoothL1Loss({ beta: 0.5 }).call(yPred, y)
 */
export class SmoothL1Loss extends Loss {
  readonly beta: number
  constructor({ reduction = 'mean', beta = 1.0 }: { reduction?: Reduction; beta?: number } = {}) {
    super(reduction)
    this.beta = beta
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta })
  }
}
