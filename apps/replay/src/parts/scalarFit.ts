import { type Tensor, noGrad, tensor } from '@descent/autograd'
import { fourPoints } from '@descent/datasets'
import { MSELoss } from '@descent/nn'
import { SGD } from '@descent/optim'
import { PART2_LOG, parseEpochLog } from '../documented.js'
import type { Part, PartResult, RunOptions } from '../part.js'
import { formatFixed } from '../pyFormat.js'
import { num } from './values.js'

/** One epoch of 003 PART 2 or 3: the weight after the update and the loss before it (float32 values). */
export interface ScalarEpoch {
  epoch: number
  w: number
  loss: number
}

/** The stop rule of PART 2 and 3: `if l < 0.001: break`. */
const STOP = 0.001

interface FitOptions {
  w0?: number
  /** false runs every epoch (the property tests compare whole trajectories) */
  stopEarly?: boolean
  onProgress?: (done: number, total: number) => void
}

/**
 * 003 PART 2: prediction and loss by hand, gradient by autograd, update by hand under no_grad.
 * See https://pytorch.org/docs/1.13/generated/torch.no_grad.html
 * @example
 * trainAutograd(fourPoints().X, fourPoints().y, 0.01, 30)[0].w // 0.30000001192092896
 */
export function trainAutograd(X: Tensor, y: Tensor, lr: number, epochs: number, opts: FitOptions = {}) {
  const w = tensor(opts.w0 ?? 0.0, { dtype: 'float32', requiresGrad: true })
  const forward = (x: Tensor) => w.mul(x)
  const loss = (y: Tensor, yPred: Tensor) => y.sub(yPred).pow(2).mean()
  const out: ScalarEpoch[] = []
  for (let epoch = 0; epoch < epochs; epoch++) {
    const yPred = forward(X)
    const l = loss(y, yPred)
    l.backward()
    // outside the graph, or the update itself would be differentiated
    noGrad(() => w.sub_((w.grad as Tensor).mul(lr)))
    ;(w.grad as Tensor).zero_()
    out.push({ epoch: epoch + 1, w: num(w), loss: num(l) })
    opts.onProgress?.(epoch + 1, epochs)
    if ((opts.stopEarly ?? true) && num(l) < STOP) break
  }
  return out
}

/**
 * 003 PART 3: the same fit with nn.MSELoss and optim.SGD doing the loss and the update.
 * See https://pytorch.org/docs/1.13/generated/torch.nn.MSELoss.html
 * @example
 * trainLossOptim(fourPoints().X, fourPoints().y, 0.01, 30)[1].loss // 21.674999237060547
 */
export function trainLossOptim(X: Tensor, y: Tensor, lr: number, epochs: number, opts: FitOptions = {}) {
  const w = tensor(opts.w0 ?? 0.0, { dtype: 'float32', requiresGrad: true })
  const forward = (x: Tensor) => w.mul(x)
  const pytorchLoss = new MSELoss()
  const optimizer = new SGD([w], { lr })
  const out: ScalarEpoch[] = []
  for (let epoch = 0; epoch < epochs; epoch++) {
    const yPred = forward(X)
    // the notebook passes (y, y_pred): input and target swapped, which MSE does not notice
    const l = pytorchLoss.call(y, yPred) as Tensor
    l.backward()
    optimizer.step()
    optimizer.zeroGrad()
    out.push({ epoch: epoch + 1, w: num(w), loss: num(l) })
    opts.onProgress?.(epoch + 1, epochs)
    if ((opts.stopEarly ?? true) && num(l) < STOP) break
  }
  return out
}

function scalarPart(id: 'autograd' | 'loss-optim', source: string, title: string, train: typeof trainAutograd): Part {
  return {
    id,
    source,
    title,
    defaults: { epochs: 30, lr: 0.01 },
    run(options: RunOptions): PartResult {
      const epochs = options.epochs ?? 30
      const lr = options.lr ?? 0.01
      const { X, y } = fourPoints()
      const log = train(X, y, lr, epochs, { onProgress: options.onProgress })
      const documented = options.epochs === undefined && options.lr === undefined
      const last = log[log.length - 1]
      return {
        id,
        mode: documented ? 'documented' : 'deterministic',
        seed: null,
        notes: documented
          ? [
              `Documented log: ${parseEpochLog(PART2_LOG).length} complete epochs (the export cuts off at epoch 24); ` +
                `the loss never drops below ${STOP}, so all ${epochs} epochs run.`,
            ]
          : [],
        lines: log.map((e) => `Epoch ${e.epoch}/${epochs}: w = ${formatFixed(e.w, 3)}, loss = ${formatFixed(e.loss, 8)}`),
        records: log.map((e) => ({ epoch: e.epoch, w: e.w, loss: e.loss })),
        summary: { w: last.w, loss: last.loss, epochs: log.length, stoppedEarly: last.loss < STOP, lr },
        lossCurve: log.map((e) => [e.epoch, e.loss]),
        figures: [],
      }
    },
  }
}

/** `replay autograd`: 003 PART 2. */
export const autograd = scalarPart(
  'autograd',
  '003 PART 2',
  'gradient by autograd, update by hand under no_grad',
  trainAutograd,
)
/** `replay loss-optim`: 003 PART 3. */
export const lossOptim = scalarPart('loss-optim', '003 PART 3', 'nn.MSELoss and optim.SGD', trainLossOptim)
