import { type NDArray, ValueError } from '@descent/tensor'
import { adjustGradient, arithmetic, fma32, fma64, fullLikeArray, readValues, writeValues } from './elementwise.js'
import { Optimizer, checkNonNegative, withDefaults } from './Optimizer.js'
import type { ParamGroup, ParamState, Params } from './types.js'

/** SGD's options, PyTorch's names in camelCase. */
export interface SGDOptions {
  lr: number
  momentum: number
  dampening: number
  weightDecay: number
  nesterov: boolean
  maximize: boolean
}

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay; lr defaults to 1e-3 as
 * in current PyTorch. Each step equals torch 1.13's single-tensor step, float32 rounding included.
 * See https://pytorch.org/docs/1.13/generated/torch.optim.SGD.html
 *
 * @example
 * const optimizer = new SGD([w], { lr: 0.01, momentum: 0.9 })
 * loss.backward(); optimizer.step(); optimizer.zeroGrad()
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    const defaults: SGDOptions = {
      lr: 1e-3,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
    }
    super(params, withDefaults(defaults, options))
  }

  protected override checkOptions(o: SGDOptions): void {
    checkNonNegative('learning rate', o.lr)
    checkNonNegative('momentum value', o.momentum)
    checkNonNegative('weight_decay value', o.weightDecay)
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening')
    }
  }

  protected updateGroup(group: ParamGroup<SGDOptions>): void {
    const params = group.params
    // Plain SGD (no momentum, decay or maximize) on contiguous storage is what most loops run: done here in place,
    // param.add_(grad, alpha=-lr) rounded as torch 1.13 rounds it; anything else takes the general step.
    const plain = group.momentum === 0 && group.weightDecay === 0 && !group.maximize
    for (let i = 0; i < params.length; i++) {
      const param = params[i]!
      const grad = param.grad
      if (grad === null || grad === undefined) continue
      const pa = param.array
      const ga = grad.array
      if (!plain || !pa.isContiguous() || !ga.isContiguous()) {
        this.generalStep(pa, ga, this.stateFor(param), group)
        continue
      }
      const pd = pa.data
      const gd = ga.data
      const po = pa.offset
      const go = ga.offset
      const n = pa.size
      if (pa.dtype === 'float32') {
        const alpha = Math.fround(-group.lr)
        for (let k = 0; k < n; k++) pd[po + k] = fma32(alpha, gd[go + k]!, pd[po + k]!)
      } else {
        for (let k = 0; k < n; k++) pd[po + k] = fma64(-group.lr, gd[go + k]!, pd[po + k]!)
      }
      // torch 1.13 stores the (None) momentum buffer in the state after every step. Written without a branch for
      // a new parameter's first step, which optimised code would not have seen (a deopt per new model).
      const state = this.state.get(param) ?? { momentumBuffer: null }
      state.momentumBuffer = null
      this.state.set(param, state)
    }
  }

  private generalStep(pa: NDArray, ga: NDArray, state: ParamState, group: SGDOptions): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group
    const { round, fma } = arithmetic(pa.dtype)
    if (weightDecay === 0 && !maximize && pa.isContiguous() && ga.isContiguous()) {
      // Contiguous storage without weight decay: the same per-element steps as below, in place, without copies.
      const alpha = round(-lr)
      const pd = pa.data
      const gd = ga.data
      const po = pa.offset
      const go = ga.offset
      const n = pa.size
      const m = round(momentum)
      const existing = state.momentumBuffer
      if (existing === undefined || existing === null || typeof existing === 'number') {
        const buf = fullLikeArray(pa, 0)
        for (let i = 0; i < n; i++) buf.data[i] = gd[go + i]!
        state.momentumBuffer = buf
      } else {
        const keep = round(1 - dampening)
        const b = existing.data
        for (let i = 0; i < n; i++) b[i] = fma(keep, gd[go + i]!, round(b[i]! * m))
      }
      const b = (state.momentumBuffer as { data: ArrayLike<number> }).data
      for (let i = 0; i < n; i++) {
        const d = nesterov ? fma(m, b[i]!, gd[go + i]!) : b[i]!
        pd[po + i] = fma(alpha, d, pd[po + i]!)
      }
      return
    }
    const p = readValues(pa)
    const d = readValues(ga)
    const n = p.length
    adjustGradient(d, p, maximize, weightDecay, pa.dtype)
    if (momentum !== 0) {
      const existing = state.momentumBuffer
      if (existing === undefined || existing === null || typeof existing === 'number') {
        // The first step's buffer is a clone of the gradient, undamped.
        const buf = fullLikeArray(pa, 0)
        writeValues(buf, d)
        state.momentumBuffer = buf
      } else {
        const m = round(momentum)
        const keep = round(1 - dampening)
        const b = existing.data
        for (let i = 0; i < n; i++) b[i] = fma(keep, d[i]!, round(b[i]! * m))
      }
      const b = (state.momentumBuffer as { data: ArrayLike<number> }).data
      if (nesterov) {
        const m = round(momentum)
        for (let i = 0; i < n; i++) d[i] = fma(m, b[i]!, d[i]!)
      } else for (let i = 0; i < n; i++) d[i] = b[i]!
    } else state.momentumBuffer = null
    const alpha = round(-lr)
    for (let i = 0; i < n; i++) p[i] = fma(alpha, d[i]!, p[i]!)
    writeValues(pa, p)
  }
}
