import { type AnyOptimizer, LRScheduler } from './LRScheduler.js'
import { pyPow } from '../pymath.js'

/**
 * Multiplies each group's learning rate by `gamma` every epoch.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ExponentialLR.html
 *
 * @example
 * const scheduler = new ExponentialLR(optimizer, 0.9)
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step() }
 */
export class ExponentialLR extends LRScheduler {
  gamma: number

  constructor(optimizer: AnyOptimizer, gamma: number, { lastEpoch = -1 } = {}) {
    super(optimizer, lastEpoch)
    this.gamma = gamma
    this.initialStep()
  }

  getLr(): number[] {
    this.warnOutsideStep()
    const groups = this.optimizer.paramGroups
    if (this.lastEpoch === 0) return groups.map((g) => g.lr as number)
    return groups.map((g) => (g.lr as number) * this.gamma)
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * pyPow(this.gamma, this.lastEpoch))
  }
}
