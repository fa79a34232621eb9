import { type AnyOptimizer, LRScheduler } from './LRScheduler.js'
import { pyPow } from '../pymath.js'

/**
 * Multiplies each group's learning rate by `gamma` at every milestone epoch (twice for a milestone listed twice).
 * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.MultiStepLR.html
 *
 * @example
 * const scheduler = new MultiStepLR(optimizer, [30, 80], { gamma: 0.1 })
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step() }
 */
export class MultiStepLR extends LRScheduler {
  /** How many times each milestone was given (PyTorch keeps a Counter). */
  milestones: Record<number, number>
  gamma: number

  constructor(optimizer: AnyOptimizer, milestones: Iterable<number>, { gamma = 0.1, lastEpoch = -1 } = {}) {
    super(optimizer, lastEpoch)
    this.milestones = {}
    for (const m of milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1
    this.gamma = gamma
    this.initialStep()
  }

  getLr(): number[] {
    this.warnOutsideStep()
    const groups = this.optimizer.paramGroups
    const count = this.milestones[this.lastEpoch]
    if (count === undefined) return groups.map((g) => g.lr as number)
    return groups.map((g) => (g.lr as number) * pyPow(this.gamma, count))
  }

  protected override closedFormLr(): number[] {
    // bisect_right over the sorted milestones: how many are <= lastEpoch
    let passed = 0
    for (const [m, count] of Object.entries(this.milestones)) if (Number(m) <= this.lastEpoch) passed += count
    return this.baseLrs.map((lr) => lr * pyPow(this.gamma, passed))
  }
}
