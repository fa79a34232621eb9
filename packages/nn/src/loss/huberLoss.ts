import { type Tensor, where } from '@descent/autograd'
import { RuntimeError } from '@descent/tensor'
import { Loss } from './Loss.js'
import { type Reduction, checkReduction, reduce, warnIfBroadcasting } from './reduction.js'

/**
 * Huber loss: ½z² where z = |input - target| < delta, else delta·(z - ½delta).
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.huber_loss.html
 * @example
 * huberLoss(tensor([0, 3]), tensor([0.5, 0])) // tensor(1.3125)
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  { reduction = 'mean', delta = 1.0 }: { reduction?: Reduction; delta?: number } = {},
): Tensor {
  warnIfBroadcasting(input, target)
  checkReduction(reduction)
  if (!(delta > 0)) throw new RuntimeError('huber_loss does not support non-positive values for delta.')
  const z = input.sub(target).abs()
  // where, not a max: each branch's gradient flows only where it is chosen, as in PyTorch's kernel.
  return reduce(where(z.lt(delta), z.square().mul(0.5), z.sub(0.5 * delta).mul(delta)), reduction)
}

/**
 * Huber loss as a module.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.HuberLoss.html
 * @example
 * new HuberLoss({ delta: 0.5 }).call(yPred, y)
 */
export class HuberLoss extends Loss {
  readonly delta: number
  constructor({ reduction = 'mean', delta = 1.0 }: { reduction?: Reduction; delta?: number } = {}) {
    super(reduction)
    this.delta = delta
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta })
  }
}
