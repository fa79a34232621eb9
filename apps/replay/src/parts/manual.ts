import { fourPoints } from '@descent/datasets'
import { type NDArray, dot, item, mean, mul, square, sub } from '@descent/tensor'
import { PART1_LOG, parseEpochLog } from '../documented.js'
import type { Part, PartResult, RunOptions } from '../part.js'
import { formatFixed } from '../pyFormat.js'

/** One epoch of PART 1: the weight after the update, the loss before it, the gradient as written and the true one. */
export interface ManualEpoch {
  epoch: number
  w: number
  loss: number
  dw: number
  trueDw: number
}

/**
 * Runs 003 PART 1 as written, NumPy style on float32 arrays with a Python-float weight: `np.dot(2*x, y_pred-y).mean()`
 * is 2·Σx(ŷ−y), n times the true MSE gradient (2/n)·Σx(ŷ−y), which the log depends on.
 * See https://numpy.org/doc/1.24/reference/generated/numpy.dot.html
 * @example
 * trainManual(fourPoints().X.array, fourPoints().y.array, 0.01, 10)[0] // { epoch: 1, w: 1.2, loss: 30, dw: -120, trueDw: -30 }
 */
export function trainManual(
  X: NDArray,
  y: NDArray,
  lr: number,
  epochs: number,
  opts: { w0?: number; trueGradient?: boolean; onProgress?: (done: number, total: number) => void } = {},
): ManualEpoch[] {
  // a Python float: NumPy's value-based casting keeps w * X in float32 while w itself is a float64
  let w = opts.w0 ?? 0.0
  const forward = (x: NDArray) => mul(x, w)
  // NumPy evaluates `a ** 2` as np.square(a) (its fast_scalar_power path)
  const loss = (y: NDArray, yPred: NDArray) => mean(square(sub(y, yPred)))
  // as written: np.dot already sums, so .mean() of its scalar changes nothing
  const gradient = (x: NDArray, y: NDArray, yPred: NDArray) => mean(dot(mul(x, 2), sub(yPred, y)))
  const trueGradient = (x: NDArray, y: NDArray, yPred: NDArray) => mean(mul(mul(x, 2), sub(yPred, y)))
  const out: ManualEpoch[] = []
  for (let epoch = 0; epoch < epochs; epoch++) {
    const yPred = forward(X)
    const l = item(loss(y, yPred))
    const dw = item(gradient(X, y, yPred))
    const trueDw = item(trueGradient(X, y, yPred))
    w -= lr * (opts.trueGradient ? trueDw : dw)
    out.push({ epoch: epoch + 1, w, loss: l, dw, trueDw })
    opts.onProgress?.(epoch + 1, epochs)
  }
  return out
}

/** `replay manual`: 003 PART 1 as written, with the true gradient printed beside each line. */
export const manual: Part = {
  id: 'manual',
  source: '003 PART 1',
  title: 'prediction, loss, gradient and update by hand (NumPy)',
  defaults: { epochs: 10, lr: 0.01 },
  run(options: RunOptions): PartResult {
    const epochs = options.epochs ?? 10
    const lr = options.lr ?? 0.01
    const { X, y } = fourPoints()
    const log = trainManual(X.array, y.array, lr, epochs, { onProgress: options.onProgress })
    const documented = options.epochs === undefined && options.lr === undefined
    return {
      id: 'manual',
      mode: documented ? 'documented' : 'deterministic',
      seed: null,
      notes: [
        'The gradient is replayed as written, np.dot(2*x, y_pred-y).mean() = 2·Σx(ŷ−y): n = 4 times the true MSE ' +
          'gradient (2/n)·Σx(ŷ−y). The documented log depends on it; the true gradient is printed beside each line.',
        ...(documented ? [`Documented log: ${parseEpochLog(PART1_LOG).length} epochs (003, In [4]).`] : []),
      ],
      lines: log.map((e) => `Epoch ${e.epoch}/${epochs}: w = ${formatFixed(e.w, 3)}, loss = ${formatFixed(e.loss, 8)}`),
      annotations: log.map(
        (e) => `dw as written = ${formatFixed(e.dw, 4)}, true dMSE/dw = ${formatFixed(e.trueDw, 4)}`,
      ),
      records: log.map((e) => ({ epoch: e.epoch, w: e.w, loss: e.loss, dw: e.dw, true_dw: e.trueDw })),
      summary: {
        w: log[log.length - 1].w,
        loss: log[log.length - 1].loss,
        epochs,
        lr,
        gradient: 'as written: 2·Σx(ŷ−y), n times the true MSE gradient',
      },
      lossCurve: log.map((e) => [e.epoch, e.loss]),
      figures: [],
    }
  },
}
