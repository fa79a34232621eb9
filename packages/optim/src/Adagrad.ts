import type { NDArray } from '@descent/tensor'
import { adjustGradient, arithmetic, fullLikeArray, readValues, writeValues } from './elementwise.js'
import { Optimizer, checkNonNegative, withDefaults } from './Optimizer.js'
import type { ParamGroup, ParamTensor, Params } from './types.js'

/** Adagrad's options, PyTorch's names in camelCase. */
export interface AdagradOptions {
  lr: number
  lrDecay: number
  weightDecay: number
  initialAccumulatorValue: number
  eps: number
  maximize: boolean
}

/**
 * Adagrad: per-element learning rates from the running sum of squared gradients; each step equals torch 1.13's
 * single-tensor step, float32 rounding included.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.Adagrad.html
 *
 * @example
 * const optimizer = new Adagrad(model.parameters(), { lr: 0.1 })
 * loss.backward(); optimizer.step()
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    const defaults: AdagradOptions = {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
    }
    super(params, withDefaults(defaults, options))
    // PyTorch creates Adagrad's state in the constructor, so it is in the state dict before the first step.
    for (const group of this.paramGroups) for (const p of group.params) this.initState(p, group)
  }

  protected override checkOptions(o: AdagradOptions): void {
    checkNonNegative('learning rate', o.lr)
    checkNonNegative('lr_decay value', o.lrDecay)
    checkNonNegative('weight_decay value', o.weightDecay)
    checkNonNegative('initial_accumulator_value value', o.initialAccumulatorValue)
    checkNonNegative('epsilon value', o.eps)
  }

  private initState(p: ParamTensor, group: AdagradOptions): void {
    const state = this.stateFor(p)
    if (state.step !== undefined) return
    state.step = 0
    state.sum = fullLikeArray(p.array, group.initialAccumulatorValue)
  }

  protected updateGroup(group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group
    for (const param of group.params) {
      if (param.grad === null || param.grad === undefined) continue
      // Groups added after construction get their state here (PyTorch would raise a KeyError).
      this.initState(param, group)
      const { round, fma } = arithmetic(param.array.dtype)
      const state = this.stateFor(param)
      // A float32 tensor in PyTorch.
      const step = Math.fround((state.step as number) + 1)
      state.step = step
      const p = readValues(param.array)
      const g = readValues(param.grad.array)
      const n = p.length
      adjustGradient(g, p, maximize, weightDecay, param.array.dtype)
      const clr = lr / (1 + (step - 1) * lrDecay)
      const value = round(-clr)
      const e = round(eps)
      const sum = (state.sum as NDArray).data
      for (let i = 0; i < n; i++) {
        sum[i] = fma(g[i]!, g[i]!, sum[i]!)
        const std = round(round(Math.sqrt(sum[i]!)) + e)
        p[i] = round(p[i]! + round(round(value * g[i]!) / std))
      }
      writeValues(param.array, p)
    }
  }
}
