import { type AnyOptimizer, LRScheduler } from './LRScheduler.js'
import { pyCos } from '../pymath.js'

/**
 * Anneals each group's learning rate from its initial value to `etaMin` along a cosine over `TMax` epochs, in torch
 * 1.13's recursive form (each epoch's rate derived from the previous one), which keeps rising again after `TMax`.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html
 *
 * @example
 * const scheduler = new CosineAnnealingLR(optimizer, 50, { etaMin: 1e-5 })
 * for (let epoch = 0; epoch < 50; epoch++) { train(); scheduler.step() }
 */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number
  etaMin: number

  constructor(optimizer: AnyOptimizer, TMax: number, { etaMin = 0, lastEpoch = -1 } = {}) {
    super(optimizer, lastEpoch)
    this.TMax = TMax
    this.etaMin = etaMin
    this.initialStep()
  }

  getLr(): number[] {
    this.warnOutsideStep()
    const { lastEpoch: e, TMax: T, etaMin } = this
    const groups = this.optimizer.paramGroups
    if (e === 0) return groups.map((g) => g.lr as number)
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + pyCos((e * Math.PI) / T))) / 2)
    }
    // Python's % is a floor modulo: the restart epochs after each full period
    if ((((e - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return groups.map(
        (g, i) => (g.lr as number) + ((this.baseLrs[i]! - etaMin) * (1 - pyCos(Math.PI / T))) / 2,
      )
    }
    return groups.map(
      (g) =>
        ((1 + pyCos((Math.PI * e) / T)) / (1 + pyCos((Math.PI * (e - 1)) / T))) * ((g.lr as number) - etaMin) +
        etaMin,
    )
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, TMax: T, etaMin } = this
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + pyCos((Math.PI * e) / T))) / 2)
  }
}
