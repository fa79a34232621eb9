import { type AnyOptimizer, LRScheduler } from './LRScheduler.js'
import { pyPow } from '../pymath.js'

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.StepLR.html
 *
 * @example
 * const scheduler = new StepLR(optimizer, 30, { gamma: 0.1 })
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step() }
 */
export class StepLR extends LRScheduler {
  stepSize: number
  gamma: number

  constructor(optimizer: AnyOptimizer, stepSize: number, { gamma = 0.1, lastEpoch = -1 } = {}) {
    super(optimizer, lastEpoch)
    this.stepSize = stepSize
    this.gamma = gamma
    this.initialStep()
  }

  getLr(): number[] {
    this.warnOutsideStep()
    const groups = this.optimizer.paramGroups
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr as number)
    return groups.map((g) => (g.lr as number) * this.gamma)
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * pyPow(this.gamma, Math.floor(this.lastEpoch / this.stepSize)))
  }
}
