import type { NDArray } from '@descent/tensor'
import { adjustGradient, arithmetic, fullLikeArray, readValues, writeValues } from './elementwise.js'
import { Optimizer, checkNonNegative, withDefaults } from './Optimizer.js'
import type { ParamGroup, Params } from './types.js'

/** RMSprop's options, PyTorch's names in camelCase. */
export interface RMSpropOptions {
  lr: number
  alpha: number
  eps: number
  weightDecay: number
  momentum: number
  centered: boolean
  maximize: boolean
}

/**
 * RMSprop, optionally centered and with momentum; each step equals torch 1.13's single-tensor step, float32
 * rounding included.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.RMSprop.html
 *
 * @example
 * const optimizer = new RMSprop(model.parameters(), { lr: 0.01, centered: true })
 * loss.backward(); optimizer.step()
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    const defaults: RMSpropOptions = {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
    }
    super(params, withDefaults(defaults, options))
  }

  protected override checkOptions(o: RMSpropOptions): void {
    checkNonNegative('learning rate', o.lr)
    checkNonNegative('epsilon value', o.eps)
    checkNonNegative('momentum value', o.momentum)
    checkNonNegative('weight_decay value', o.weightDecay)
    checkNonNegative('alpha value', o.alpha)
  }

  protected updateGroup(group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group
    for (const param of group.params) {
      if (param.grad === null || param.grad === undefined) continue
      const { round, fma } = arithmetic(param.array.dtype)
      const state = this.stateFor(param)
      if (state.step === undefined) {
        state.step = 0
        state.squareAvg = fullLikeArray(param.array, 0)
      }
      // Created on first need, so momentum or centering can be switched on mid-training.
      if (momentum > 0 && state.momentumBuffer === undefined) state.momentumBuffer = fullLikeArray(param.array, 0)
      if (centered && state.gradAvg === undefined) state.gradAvg = fullLikeArray(param.array, 0)
      // A Python int in PyTorch, counted before the update.
      state.step = (state.step as number) + 1
      const p = readValues(param.array)
      const g = readValues(param.grad.array)
      const n = p.length
      adjustGradient(g, p, maximize, weightDecay, param.array.dtype)
      const a = round(alpha)
      const c = round(1 - alpha)
      const e = round(eps)
      const sq = (state.squareAvg as NDArray).data
      const avg = new Float64Array(n)
      for (let i = 0; i < n; i++) sq[i] = fma(round(c * g[i]!), g[i]!, round(sq[i]! * a))
      if (centered) {
        const ga = (state.gradAvg as NDArray).data
        for (let i = 0; i < n; i++) {
          ga[i] = fma(c, g[i]!, round(ga[i]! * a))
          // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
          avg[i] = round(Math.sqrt(fma(-ga[i]!, ga[i]!, sq[i]!)))
        }
      } else for (let i = 0; i < n; i++) avg[i] = round(Math.sqrt(sq[i]!))
      for (let i = 0; i < n; i++) avg[i] = round(avg[i]! + e)
      if (momentum > 0) {
        const m = round(momentum)
        const buf = (state.momentumBuffer as NDArray).data
        const step = round(-lr)
        for (let i = 0; i < n; i++) {
          buf[i] = round(round(buf[i]! * m) + round(g[i]! / avg[i]!))
          p[i] = fma(step, buf[i]!, p[i]!)
        }
      } else {
        const value = round(-lr)
        for (let i = 0; i < n; i++) p[i] = round(p[i]! + round(round(value * g[i]!) / avg[i]!))
      }
      writeValues(param.array, p)
    }
  }
}
