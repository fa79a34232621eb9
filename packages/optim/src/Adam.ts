import { type NDArray, ValueError } from '@descent/tensor'
import { adjustGradient, arithmetic, fullLikeArray, readValues, writeValues } from './elementwise.js'
import { Optimizer, checkNonNegative, withDefaults } from './Optimizer.js'
import type { ParamGroup, ParamState, ParamTensor, Params } from './types.js'
import { pyPow, pyStr } from './pymath.js'

/** Adam's options, PyTorch's names in camelCase. */
export interface AdamOptions {
  lr: number
  betas: [number, number]
  eps: number
  weightDecay: number
  amsgrad: boolean
  maximize: boolean
}

/** Throws PyTorch's message for the first invalid Adam/AdamW option. */
export function checkAdamOptions(o: AdamOptions): void {
  checkNonNegative('learning rate', o.lr)
  checkNonNegative('epsilon value', o.eps)
  for (const i of [0, 1]) {
    const beta = o.betas[i]!
    if (!(beta >= 0 && beta < 1)) {
      throw new ValueError(`Invalid beta parameter at index ${i}: ${pyStr(beta, { float: true })}`)
    }
  }
  checkNonNegative('weight_decay value', o.weightDecay)
}

/**
 * One Adam step of one parameter, as torch 1.13's `_single_tensor_adam(w)` does it; `decoupled` is AdamW's decay
 * of the parameter itself instead of an L2 term in the gradient.
 */
export function adamUpdate(param: ParamTensor, state: ParamState, o: AdamOptions, decoupled: boolean): void {
  const grad = param.grad!.array
  const { round, fma } = arithmetic(param.array.dtype)
  if (state.step === undefined) {
    state.step = 0
    state.expAvg = fullLikeArray(param.array, 0)
    state.expAvgSq = fullLikeArray(param.array, 0)
  }
  // Created on first need, so amsgrad can be switched on for a group mid-training (PyTorch raises a KeyError).
  if (o.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = fullLikeArray(param.array, 0)
  const [beta1, beta2] = o.betas
  // The step count is a float32 tensor in PyTorch.
  const step = Math.fround((state.step as number) + 1)
  state.step = step
  const p = readValues(param.array)
  const g = readValues(grad)
  const n = p.length
  adjustGradient(g, p, o.maximize, decoupled ? 0 : o.weightDecay, param.array.dtype)
  if (decoupled) {
    const decay = round(1 - o.lr * o.weightDecay)
    for (let i = 0; i < n; i++) p[i] = round(p[i]! * decay)
  }
  const m = (state.expAvg as NDArray).data
  const v = (state.expAvgSq as NDArray).data
  const b1 = round(beta1)
  const c1 = round(1 - beta1)
  const b2 = round(beta2)
  const c2 = round(1 - beta2)
  for (let i = 0; i < n; i++) {
    m[i] = fma(c1, g[i]!, round(m[i]! * b1))
    // addcmul_(grad, grad, value): (value * grad) * grad + self, the last two fused
    v[i] = fma(round(c2 * g[i]!), g[i]!, round(v[i]! * b2))
  }
  const biasCorrection1 = 1 - pyPow(beta1, step)
  const biasCorrection2 = 1 - pyPow(beta2, step)
  const stepSize = o.lr / biasCorrection1
  const bc2Sqrt = round(Math.sqrt(biasCorrection2))
  const eps = round(o.eps)
  const negStep = round(-stepSize)
  let base = v
  if (o.amsgrad) {
    const vmax = (state.maxExpAvgSq as NDArray).data
    for (let i = 0; i < n; i++) vmax[i] = Math.max(vmax[i]!, v[i]!) // NaN propagates, as in torch.maximum
    base = vmax
  }
  for (let i = 0; i < n; i++) {
    const denom = round(round(round(Math.sqrt(base[i]!)) / bc2Sqrt) + eps)
    // addcdiv_(m, denom, value): self + (value * m) / denom, each op rounded
    p[i] = round(p[i]! + round(round(negStep * m[i]!) / denom))
  }
  writeValues(param.array, p)
}

/**
 * Adam, with AMSGrad, L2 weight decay and maximize; each step equals torch 1.13's single-tensor step, float32
 * rounding included.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.Adam.html
 *
 * @example
 * const optimizer = new Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] })
 * loss.backward(); optimizer.step()
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    const defaults: AdamOptions = {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    }
    super(params, withDefaults(defaults, options))
  }

  protected override checkOptions(o: AdamOptions): void {
    checkAdamOptions(o)
  }

  protected updateGroup(group: ParamGroup<AdamOptions>): void {
    for (const param of group.params) {
      if (param.grad === null || param.grad === undefined) continue
      adamUpdate(param, this.stateFor(param), group, false)
    }
  }
}
