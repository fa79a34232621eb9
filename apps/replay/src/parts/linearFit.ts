import { type Tensor, noGrad } from '@descent/autograd'
import { fourPoints } from '@descent/datasets'
import { Linear, MSELoss, Module } from '@descent/nn'
import { SGD } from '@descent/optim'
import { manualSeed } from '@descent/tensor'
import { PART4_LOG, parseEpochLog } from '../documented.js'
import type { Part, PartResult, RunOptions } from '../part.js'
import { formatFixed } from '../pyFormat.js'
import { recoverInitialLinear } from '../recoverLinear.js'
import { num } from './values.js'

/** 003's custom module: one nn.Linear wrapped in a Module subclass. */
export class LinearRegression extends Module {
  readonly lin: Linear

  constructor(inputDim: number, outputDim: number) {
    super()
    this.lin = new Linear(inputDim, outputDim)
  }

  override forward(x: Tensor): Tensor {
    return this.lin.call(x) as Tensor
  }
}

/** One epoch of 003 PART 4: w and b after the update, the loss before it. */
export interface LinearEpoch {
  epoch: number
  w: number
  b: number
  loss: number
}

/** The model either part trains: nn.Linear(1, 1) or the LinearRegression module around one. */
export type LinearModel = Linear | LinearRegression

/**
 * Trains 003 PART 4's model with MSELoss and SGD (the notebook: X = [[1], [2], [3], [4]], y = 2X, lr 0.01),
 * stopping when the loss is below 0.001. See https://pytorch.org/docs/1.13/generated/torch.nn.Linear.html
 * @example
 * const { X, y } = fourPoints({ column: true })
 * trainLinear(new Linear(1, 1), X, y, 0.01, 30).at(-1)?.w // close to 2
 */
export function trainLinear(
  model: LinearModel,
  X: Tensor,
  y: Tensor,
  lr: number,
  epochs: number,
  opts: { stopEarly?: boolean; onProgress?: (done: number, total: number) => void } = {},
): LinearEpoch[] {
  const pytorchLoss = new MSELoss()
  const optimizer = new SGD([...model.parameters()], { lr })
  const out: LinearEpoch[] = []
  for (let epoch = 0; epoch < epochs; epoch++) {
    const yPred = model.call(X) as Tensor
    const l = pytorchLoss.call(y, yPred) as Tensor
    l.backward()
    optimizer.step()
    optimizer.zeroGrad()
    const [w, b] = [...model.parameters()]
    out.push({ epoch: epoch + 1, w: num(w), b: num(b), loss: num(l) })
    opts.onProgress?.(epoch + 1, epochs)
    if ((opts.stopEarly ?? true) && num(l) < 0.001) break
  }
  return out
}

/** Sets a model's weight and bias in place, as `with torch.no_grad(): w.fill_(w0)` would. */
export function setLinear(model: LinearModel, w0: number, b0: number): void {
  const [w, b] = [...model.parameters()]
  noGrad(() => {
    w.fill_(w0)
    b.fill_(b0)
  })
}

function linearPart(id: 'module' | 'custom-module', source: string, title: string, make: () => LinearModel): Part {
  return {
    id,
    source,
    title,
    defaults: { epochs: 30, lr: 0.01 },
    run(options: RunOptions): PartResult {
      const epochs = options.epochs ?? 30
      const lr = options.lr ?? 0.01
      const seeded = options.seed !== undefined
      if (seeded) manualSeed(options.seed as number)
      const model = make()
      const notes: string[] = []
      if (!seeded) {
        const recovery = recoverInitialLinear(parseEpochLog(PART4_LOG))
        setLinear(model, recovery.w0, recovery.b0)
        notes.push(...recovery.explanation)
      }
      const [w0, b0] = [...model.parameters()].map((p) => num(p))
      notes.push(`Initial parameters (float32): w0 = ${w0}, b0 = ${b0}.`)
      const { X, y } = fourPoints({ column: true })
      const log = trainLinear(model, X, y, lr, epochs, { onProgress: options.onProgress })
      const last = log[log.length - 1]
      return {
        id,
        mode: seeded ? 'seeded' : 'documented',
        seed: seeded ? (options.seed as number) : null,
        notes,
        lines: log.map(
          (e) =>
            `Epoch ${e.epoch}/${epochs}: w = ${formatFixed(e.w, 3)}, b = ${formatFixed(e.b, 2)} loss = ${formatFixed(e.loss, 4)}`,
        ),
        records: log.map((e) => ({ epoch: e.epoch, w: e.w, b: e.b, loss: e.loss })),
        summary: { w0, b0, w: last.w, b: last.b, loss: last.loss, epochs: log.length, lr },
        lossCurve: log.map((e) => [e.epoch, e.loss]),
        figures: [],
      }
    },
  }
}

/** `replay module`: 003 PART 4 from the recovered start, or nn.Linear(1, 1) drawn after `--seed`. */
export const nnModule: Part = linearPart('module', '003 PART 4', 'nn.Linear(1, 1), MSELoss and SGD', () => new Linear(1, 1))
/** `replay custom-module`: the same through 003's LinearRegression module. */
export const customModule: Part = linearPart(
  'custom-module',
  '003 custom module',
  'the LinearRegression nn.Module around nn.Linear',
  () => new LinearRegression(1, 1),
)
