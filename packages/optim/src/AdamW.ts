import { type AdamOptions, adamUpdate, checkAdamOptions } from './Adam.js'
import { Optimizer, withDefaults } from './Optimizer.js'
import type { ParamGroup, Params } from './types.js'

/** AdamW's options: Adam's, with decoupled weight decay (default 1e-2). */
export type AdamWOptions = AdamOptions

/**
 * Adam with decoupled weight decay (the parameter shrinks by lr·weightDecay before the Adam update); each step
 * equals torch 1.13's single-tensor step, float32 rounding included.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.AdamW.html
 *
 * @example
 * const optimizer = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 })
 * loss.backward(); optimizer.step()
 */
export class AdamW extends Optimizer<AdamWOptions> {
  constructor(params: Params<AdamWOptions>, options: Partial<AdamWOptions> = {}) {
    const defaults: AdamWOptions = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 1e-2,
      amsgrad: false,
      maximize: false,
    }
    super(params, withDefaults(defaults, options))
  }

  protected override checkOptions(o: AdamWOptions): void {
    checkAdamOptions(o)
  }

  protected updateGroup(group: ParamGroup<AdamWOptions>): void {
    for (const param of group.params) {
      if (param.grad === null || param.grad === undefined) continue
      adamUpdate(param, this.stateFor(param), group, true)
    }
  }
}
