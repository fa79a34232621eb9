import * as Plot from '@observablehq/plot'
import { type Tensor, fromArray, inferenceMode, noGrad, rand } from '@descent/autograd'
import { lineData, trainTestSplit } from '@descent/datasets'
import { L1Loss, Module, Parameter, loadSafetensors, saveSafetensors } from '@descent/nn'
import { SGD } from '@descent/optim'
import { type NDArray, cast, catchWarnings, manualSeed } from '@descent/tensor'
import { type Part, type PartResult, type RunOptions, seedNote } from '../part.js'
import { TAB10, figure } from '../plot/figure.js'
import { formatFixed } from '../pyFormat.js'
import { npMean } from './npMean.js'
import { num } from './values.js'

/** Example 3's model: a weight and a bias drawn by `torch.rand(1)`, `forward = weight * x + bias`. */
export class LinearModel extends Module {
  readonly weight: Parameter
  readonly bias: Parameter

  constructor() {
    super()
    this.weight = new Parameter(rand([1]), true)
    this.bias = new Parameter(rand([1]), true)
  }

  override forward(input: Tensor): Tensor {
    return this.weight.mul(input).add(this.bias)
  }
}

/** One epoch of Example 3: the mean per-sample L1 losses (np.mean of Python floats) and the parameters after it. */
export interface LinearModuleEpoch {
  epoch: number
  train_loss: number
  test_loss: number
  weight: number
  bias: number
}

const values = (t: Tensor) => t.tolist() as number[]

/**
 * 000/001 Example 3 after `torch.manual_seed(seed)`: y = 0.7x + 0.3 on np.arange(0, 1, 0.02), split 70/30 with
 * random_state 42, trained sample by sample with L1Loss and SGD at PyTorch's default lr 1e-3, then saved and loaded.
 * See https://pytorch.org/docs/1.13/generated/torch.nn.L1Loss.html
 * @example
 * runLinearModule(0, 50, 1e-3).epochs[0].train_loss // 0.3462...
 */
export function runLinearModule(
  seed: number,
  numEpochs: number,
  lr: number,
  onProgress?: (done: number, total: number) => void,
) {
  manualSeed(seed)
  // X = np.arange(0, 1, 0.02); y = 0.7 * X + 0.3 (float64), then sklearn's split with random_state=42
  const { X, y } = lineData()
  const [XTrain64, XTest64, yTrain64, yTest64] = trainTestSplit(X, y, { testSize: 0.3, randomState: 42 })
  const f32 = (a: NDArray) => fromArray(cast(a, 'float32'))
  const [XTrain, XTest, yTrain, yTest] = [XTrain64, XTest64, yTrain64, yTest64].map(f32)

  const model = new LinearModel()
  const state0 = { weight: num(model.weight), bias: num(model.bias) }
  model.eval()
  const predictionsNoGrad = noGrad(() => model.call(XTest) as Tensor)
  const predictionsInference = inferenceMode(() => model.call(XTest) as Tensor)

  const lossFn = new L1Loss()
  const optimizer = new SGD([...model.parameters()], { lr })
  const epochs: LinearModuleEpoch[] = []
  // each sample's output has shape [1] and its target shape []: L1Loss warns about broadcasting, as PyTorch does
  const { warnings } = catchWarnings(() => {
    for (let epoch = 0; epoch < numEpochs; epoch++) {
      const lossesTrain: number[] = []
      const lossesTest: number[] = []
      model.train()
      for (let i = 0; i < XTrain.shape[0]; i++) {
        optimizer.zeroGrad()
        const output = model.call(XTrain.select(0, i)) as Tensor
        const loss = lossFn.call(output, yTrain.select(0, i)) as Tensor
        loss.backward()
        optimizer.step()
        lossesTrain.push(num(loss))
      }
      model.eval()
      inferenceMode(() => {
        for (let i = 0; i < XTest.shape[0]; i++) {
          const output = model.call(XTest.select(0, i)) as Tensor
          lossesTest.push(num(lossFn.call(output, yTest.select(0, i)) as Tensor))
        }
      })
      epochs.push({
        epoch: epoch + 1,
        train_loss: npMean(lossesTrain),
        test_loss: npMean(lossesTest),
        weight: num(model.weight),
        bias: num(model.bias),
      })
      onProgress?.(epoch + 1, numEpochs)
    }
  })
  const predictionsTrained = inferenceMode(() => model.call(XTest) as Tensor)

  // save -> load through safetensors into a fresh model (whose constructor draws two more rand(1))
  const bytes = saveSafetensors(model.stateDict())
  const loaded = new LinearModel()
  const freshState = { weight: num(loaded.weight), bias: num(loaded.bias) }
  loaded.loadStateDict(loadSafetensors(bytes))
  loaded.eval()
  const predictionsLoaded = inferenceMode(() => loaded.call(XTest) as Tensor)

  return {
    XTrain: values(XTrain),
    XTest: values(XTest),
    yTrain: values(yTrain),
    yTest: values(yTest),
    state0,
    freshState,
    predictionsNoGrad: values(predictionsNoGrad),
    predictionsInference: values(predictionsInference),
    predictionsTrained: values(predictionsTrained),
    predictionsLoaded: values(predictionsLoaded),
    savedBytes: bytes.length,
    warnings: [...new Set(warnings.map((w) => w.message))],
    epochs,
  }
}

const sameValues = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

function scatter(name: string, title: string, series: { x: number[]; y: number[]; label: string; color: string }[]) {
  return figure(
    name,
    title,
    {
      width: 480,
      height: 320,
      grid: true,
      x: { label: 'X' },
      y: { label: 'y' },
      marks: series.map((s) =>
        Plot.dot(
          s.x.map((x, i) => [x, s.y[i]]),
          { x: '0', y: '1', fill: s.color, r: 2.5 },
        ),
      ),
    },
    series.map((s) => ({ label: s.label, color: s.color })),
  )
}

/** `replay linear-module`: Example 3's Linear module trained with L1Loss and SGD, then saved and loaded. */
export const linearModulePart: Part = {
  id: 'linear-module',
  source: '000/001 Example 3',
  title: 'a Linear nn.Module, train/test split, L1Loss and SGD, save and load',
  defaults: { epochs: 50, lr: 1e-3 },
  run(options: RunOptions): PartResult {
    const seed = options.seed ?? 0
    const numEpochs = options.epochs ?? 50
    const lr = options.lr ?? 1e-3
    const r = runLinearModule(seed, numEpochs, lr, options.onProgress)
    const last = r.epochs[r.epochs.length - 1]
    const modesAgree = sameValues(r.predictionsNoGrad, r.predictionsInference)
    const loadAgrees = sameValues(r.predictionsTrained, r.predictionsLoaded)
    return {
      id: 'linear-module',
      mode: 'seeded',
      seed,
      notes: [
        seedNote(`torch.manual_seed(${seed})`, options),
        'torch.optim.SGD(params) has no lr in the notebook: current PyTorch defaults it to 1e-3 (1.13 requires it).',
        `Initial state: weight = ${r.state0.weight}, bias = ${r.state0.bias}.`,
        `no_grad and inference_mode predictions agree: ${modesAgree}.`,
        ...r.warnings.map((w) => `UserWarning: ${w}`),
        `Saved the state dict as safetensors (${r.savedBytes} bytes); the loaded model predicts the same: ${loadAgrees}.`,
      ],
      lines: r.epochs.map(
        (e) =>
          `Epoch: ${e.epoch}, Train Loss: ${formatFixed(e.train_loss, 4)}, Test Loss: ${formatFixed(e.test_loss, 4)}`,
      ),
      records: r.epochs.map((e) => ({ ...e })),
      summary: {
        weight: last?.weight ?? r.state0.weight,
        bias: last?.bias ?? r.state0.bias,
        train_loss: last?.train_loss ?? null,
        test_loss: last?.test_loss ?? null,
        initial: r.state0,
        no_grad_equals_inference_mode: modesAgree,
        loaded_equals_trained: loadAgrees,
      },
      lossCurve: r.epochs.map((e) => [e.epoch, e.train_loss]),
      figures: [
        scatter('train-data', 'Training data', [{ x: r.XTrain, y: r.yTrain, label: 'Training', color: TAB10[0] }]),
        scatter('test-data', 'Testing data', [{ x: r.XTest, y: r.yTest, label: 'Testing', color: TAB10[2] }]),
        scatter('predictions-untrained', 'Predictions before training (no_grad)', [
          { x: r.XTest, y: r.predictionsNoGrad, label: 'Predictions (no_grad)', color: TAB10[3] },
          { x: r.XTest, y: r.yTest, label: 'Real', color: TAB10[0] },
        ]),
        scatter('predictions-trained', 'Predictions after training', [
          { x: r.XTest, y: r.predictionsTrained, label: 'Predictions', color: TAB10[3] },
          { x: r.XTest, y: r.yTest, label: 'Real', color: TAB10[0] },
        ]),
        scatter('predictions-loaded', 'Predictions of the loaded model', [
          { x: r.XTest, y: r.predictionsLoaded, label: 'Predictions (loaded)', color: TAB10[3] },
          { x: r.XTest, y: r.yTest, label: 'Real', color: TAB10[0] },
        ]),
      ],
    }
  },
}
