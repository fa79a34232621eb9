// An optimiser written only against @descent/optim's public API, as the README's guide describes: Lion
// (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), a sign-of-momentum update.
import { type NDArray, ValueError } from '@descent/tensor'
import { Optimizer, arithmetic, withDefaults, fullLikeArray, pyStr, readValues, writeValues } from '@descent/optim'
import type { ParamGroup, Params } from '@descent/optim'

export interface LionOptions {
  lr: number
  betas: [number, number]
  weightDecay: number
}

/**
 * Lion: steps by lr times the sign of an interpolation between momentum and gradient, with decoupled weight decay.
 * See https://arxiv.org/abs/2302.06675
 *
 * @example
 * const optimizer = new Lion(model.parameters(), { lr: 1e-4, weightDecay: 1.0 })
 * loss.backward(); optimizer.step()
 */
export class Lion extends Optimizer<LionOptions> {
  constructor(params: Params<LionOptions>, options: Partial<LionOptions> = {}) {
    super(params, withDefaults<LionOptions>({ lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 }, options))
  }

  protected override checkOptions(o: LionOptions): void {
    if (!(o.lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyStr(o.lr)}`)
    if (!(o.betas[0] >= 0 && o.betas[0] < 1)) {
      throw new ValueError(`Invalid beta parameter at index 0: ${pyStr(o.betas[0], { float: true })}`)
    }
    if (!(o.betas[1] >= 0 && o.betas[1] < 1)) {
      throw new ValueError(`Invalid beta parameter at index 1: ${pyStr(o.betas[1], { float: true })}`)
    }
    if (!(o.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyStr(o.weightDecay)}`)
  }

  protected updateGroup(group: ParamGroup<LionOptions>): void {
    const { lr, betas, weightDecay } = group
    for (const param of group.params) {
      if (param.grad === null) continue
      const { round, fma } = arithmetic(param.array.dtype)
      const state = this.stateFor(param)
      // expAvg is a contiguous array we own, so its storage can be updated in place
      state.expAvg ??= fullLikeArray(param.array, 0)
      const m = (state.expAvg as NDArray).data
      const p = readValues(param.array)
      const g = readValues(param.grad.array)
      const decay = round(1 - lr * weightDecay)
      const [b1, c1, b2, c2] = [round(betas[0]), round(1 - betas[0]), round(betas[1]), round(1 - betas[1])]
      const step = round(-lr)
      for (let i = 0; i < p.length; i++) {
        const update = Math.sign(fma(c1, g[i]!, round(m[i]! * b1)))
        p[i] = fma(step, update, round(p[i]! * decay))
        m[i] = fma(c2, g[i]!, round(m[i]! * b2))
      }
      writeValues(param.array, p)
    }
  }
}
