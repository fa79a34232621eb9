import { ValueError } from '@descent/tensor'
import { type AnyOptimizer, LRScheduler } from './LRScheduler.js'

/**
 * Sets each group's learning rate to its initial value times `lrLambda(epoch)` (one function, or one per group).
 * See https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.LambdaLR.html
 *
 * @example
 * const scheduler = new LambdaLR(optimizer, (epoch) => 0.95 ** epoch)
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step() }
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: Array<(epoch: number) => number>

  constructor(
    optimizer: AnyOptimizer,
    lrLambda: ((epoch: number) => number) | Array<(epoch: number) => number>,
    { lastEpoch = -1 } = {},
  ) {
    super(optimizer, lastEpoch)
    const groups = optimizer.paramGroups.length
    if (Array.isArray(lrLambda)) {
      if (lrLambda.length !== groups) throw new ValueError(`Expected ${groups} lr_lambdas, but got ${lrLambda.length}`)
      this.lrLambdas = [...lrLambda]
    } else this.lrLambdas = Array.from({ length: groups }, () => lrLambda)
    this.initialStep()
  }

  getLr(): number[] {
    this.warnOutsideStep()
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i]!(this.lastEpoch))
  }
}
