/**
 * The descent peer: `descent.ts <job>` runs one workload on descent's public API, in float32.
 *
 * The workloads read like the notebooks: autograd Tensors, `@descent/optim`'s SGD, `@descent/nn` modules and
 * losses, `item()` to read a loss. Nothing here reaches into a package's internals.
 */
import { type Tensor, inferenceMode, randint, randn, tensor } from '@descent/autograd'
import { L1Loss, Linear, Module, Parameter, ReLU, Sequential, functional as F } from '@descent/nn'
import { SGD } from '@descent/optim'
import { manualSeed, setWarningHandler, toTypedArray } from '@descent/tensor'
import {
  elementwiseInputs,
  emit,
  forceGc,
  heapBytes,
  linearData,
  matmulInputs,
  median,
  now,
  readJob,
  sumOf,
  timeFor,
  timeRuns,
} from './harness.js'

const peer = 'descent'
// Example 3's L1Loss warns about its (1,) output and 0-d target; the PyTorch peer ignores warnings too.
setWarningHandler(() => {})

type P = Record<string, number>

/** One loop-scalar iteration: forward, loss, backward, step, zeroGrad (PART 3). */
function scalarLoop(lr: number) {
  const X = tensor([1, 2, 3, 4], { dtype: 'float32' })
  const y = X.mul(2)
  const w = tensor(0, { dtype: 'float32', requiresGrad: true })
  const optimizer = new SGD([w], { lr })
  const step = () => {
    const loss = y.sub(w.mul(X)).pow(2).mean()
    loss.backward()
    optimizer.step()
    optimizer.zeroGrad()
  }
  return { step, w }
}

/** Example 3's model: weight·x + bias with the weight and bias torch.manual_seed(42) gives it. */
class LinearModel extends Module {
  weight: Parameter
  bias: Parameter
  constructor(weight: number, bias: number) {
    super()
    this.weight = new Parameter(tensor([weight], { dtype: 'float32' }))
    this.bias = new Parameter(tensor([bias], { dtype: 'float32' }))
  }
  override forward(x: Tensor): Tensor {
    return this.weight.mul(x).add(this.bias)
  }
}

const run: Record<string, (p: P) => void> = {
  'loop-scalar'(p) {
    const { step, w } = scalarLoop(p.lr)
    for (let i = 0; i < p.warmup; i++) step()
    const blocks: number[] = []
    for (let b = 0; b < p.blocks; b++) {
      const t0 = now()
      for (let i = 0; i < p.blockSize; i++) step()
      blocks.push(((now() - t0) * 1000) / p.blockSize)
    }
    emit(peer, 'loop-scalar', median(blocks), 'µs/iter', Number(w.item()))
  },

  'linear-module'(p) {
    const d = linearData()
    const xTrain = tensor(d.xTrain, { dtype: 'float32' })
    const yTrain = tensor(d.yTrain, { dtype: 'float32' })
    const xTest = tensor(d.xTest, { dtype: 'float32' })
    const yTest = tensor(d.yTest, { dtype: 'float32' })
    let check = Number.NaN
    const once = () => {
      const model = new LinearModel(p.weight, p.bias)
      const lossFn = new L1Loss()
      const optimizer = new SGD(model.parameters(), { lr: p.lr })
      for (let epoch = 0; epoch < p.epochs; epoch++) {
        const lossesTrain: number[] = []
        const lossesTest: number[] = []
        model.train()
        // zip(X_train, y_train): one 0-d view per sample, made each epoch.
        for (let i = 0; i < d.xTrain.length; i++) {
          const x = xTrain.select(0, i)
          const yTrue = yTrain.select(0, i)
          optimizer.zeroGrad()
          const loss = lossFn.call(model.call(x), yTrue)
          loss.backward()
          optimizer.step()
          lossesTrain.push(Number(loss.item()))
        }
        model.eval()
        inferenceMode(() => {
          for (let i = 0; i < d.xTest.length; i++) {
            const loss = lossFn.call(model.call(xTest.select(0, i)), yTest.select(0, i))
            lossesTest.push(Number(loss.item()))
          }
        })
        check = sumOf(lossesTest) / lossesTest.length
      }
    }
    const times = timeRuns(once, p.warmupRuns, p.runs)
    emit(peer, 'linear-module', median(times), 'ms', check)
  },

  'scalar-graph'(p) {
    let check = Number.NaN
    const once = () => {
      const x = tensor(0.5, { dtype: 'float32', requiresGrad: true })
      let v = x
      for (let i = 0; i < p.steps; i++) v = v.mul(1.0001).add(v.sin().mul(0.001))
      v.backward()
      check = Number(x.grad!.item())
    }
    const times = timeRuns(once, p.warmup, p.runs)
    emit(peer, 'scalar-graph', (median(times) * 1000) / (4 * p.steps), 'µs/node', check)
  },

  elementwise(p) {
    const [a, b, c] = elementwiseInputs(p.size).map((x) => tensor(x, { dtype: 'float32' }))
    let out = a
    const times = timeRuns(() => (out = a.mul(b).add(c)), p.warmup, p.runs)
    emit(peer, 'elementwise', median(times), 'ms', sumOf(toTypedArray(out.array)))
  },

  mlp(p) {
    manualSeed(0)
    const model = new Sequential(new Linear(p.inFeatures, p.hidden), new ReLU(), new Linear(p.hidden, p.classes))
    const x = randn([p.batch, p.inFeatures])
    const labels = randint(0, p.classes, [p.batch])
    const optimizer = new SGD(model.parameters(), { lr: p.lr, momentum: p.momentum })
    let check = Number.NaN
    const once = () => {
      optimizer.zeroGrad()
      const loss = F.crossEntropy(model.call(x), labels)
      loss.backward()
      optimizer.step()
      check = Number(loss.item())
    }
    const times = timeRuns(once, p.warmup, p.runs)
    emit(peer, 'mlp', median(times), 'ms/step', check)
  },

  matmul(p) {
    for (const n of p.sizes as unknown as number[]) {
      const [a, b] = matmulInputs(n).map((x) => tensor(x, { dtype: 'float32' }).reshape([n, n]))
      let out = a
      const ms = timeFor(() => (out = a.matmul(b)), p.minSeconds, p.minRuns)
      emit(peer, `matmul-${n}`, (2 * n ** 3) / (ms * 1e6), 'GFLOP/s', sumOf(toTypedArray(out.array)))
    }
  },

  memory(p) {
    const { step, w } = scalarLoop(p.lr)
    for (let i = 0; i < p.warmup; i++) step()
    forceGc()
    const before = heapBytes()
    for (let i = 0; i < p.iterations; i++) step()
    forceGc()
    emit(peer, 'memory', (heapBytes() - before) / 1e6, 'MB', Number(w.item()))
  },
}

const job = readJob()
const fn = run[job.workload]
if (!fn) throw new Error(`unknown workload ${job.workload}`)
fn(job.params as P)
