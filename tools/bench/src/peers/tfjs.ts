/**
 * The TensorFlow.js 4.22 peer: `tfjs.ts <job> cpu|wasm` runs one workload on one backend.
 *
 * Each workload is written the way a tfjs user would write it: variables, `optimizer.minimize`, `tf.grad`,
 * `tf.tidy` to free intermediates. tfjs has no gradient accumulation, so it has no zeroGrad to call.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
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

const backend = process.argv[3] ?? 'cpu'
const peer = `tfjs-${backend}`

if (backend === 'wasm') {
  // The backend's .wasm binaries sit in its package's dist/; in Node they are read from disk.
  const require = createRequire(import.meta.url)
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`)
}
if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`)
await tf.ready()

type P = Record<string, number>

/** One loop-scalar iteration: forward, loss, backward and step in `minimize`. */
function scalarLoop(lr: number) {
  const X = tf.tensor1d([1, 2, 3, 4])
  const y = X.mul(2)
  const w = tf.variable(tf.scalar(0))
  const optimizer = tf.train.sgd(lr)
  const loss = () => tf.mean(tf.square(tf.sub(y, tf.mul(w, X)))) as tf.Scalar
  return { step: () => optimizer.minimize(loss, false), w }
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
    emit(peer, 'loop-scalar', median(blocks), 'µs/iter', w.dataSync()[0])
  },

  'linear-module'(p) {
    const d = linearData()
    const xTrain = tf.tensor1d(d.xTrain)
    const yTrain = tf.tensor1d(d.yTrain)
    const xTest = tf.tensor1d(d.xTest)
    const yTest = tf.tensor1d(d.yTest)
    let check = Number.NaN
    const once = () => {
      const weight = tf.variable(tf.tensor1d([p.weight]))
      const bias = tf.variable(tf.tensor1d([p.bias]))
      const optimizer = tf.train.sgd(p.lr)
      const model = (x: tf.Tensor) => tf.add(tf.mul(weight, x), bias)
      const l1 = (out: tf.Tensor, target: tf.Tensor) => tf.mean(tf.abs(tf.sub(out, target))) as tf.Scalar
      for (let epoch = 0; epoch < p.epochs; epoch++) {
        // unstack is zip(X_train, y_train): one 0-d tensor per sample, made each epoch.
        const xs = tf.unstack(xTrain)
        const ys = tf.unstack(yTrain)
        const train: number[] = []
        for (let i = 0; i < xs.length; i++) {
          const loss = optimizer.minimize(() => l1(model(xs[i]), ys[i]), true)!
          train.push(loss.dataSync()[0])
          loss.dispose()
        }
        tf.dispose([xs, ys])
        const xt = tf.unstack(xTest)
        const yt = tf.unstack(yTest)
        const test: number[] = []
        for (let i = 0; i < xt.length; i++) {
          const loss = tf.tidy(() => l1(model(xt[i]), yt[i]))
          test.push(loss.dataSync()[0])
          loss.dispose()
        }
        tf.dispose([xt, yt])
        check = sumOf(test) / test.length
      }
      tf.dispose([weight, bias])
      optimizer.dispose()
    }
    const times = timeRuns(once, p.warmupRuns, p.runs)
    emit(peer, 'linear-module', median(times), 'ms', check)
  },

  'scalar-graph'(p) {
    const f = (x: tf.Tensor) => {
      let v = x
      for (let i = 0; i < p.steps; i++) v = tf.add(tf.mul(v, 1.0001), tf.mul(tf.sin(v), 0.001))
      return v
    }
    const g = tf.grad(f)
    let check = Number.NaN
    const times = timeRuns(
      () => {
        const x = tf.scalar(0.5)
        const dx = g(x)
        check = dx.dataSync()[0]
        tf.dispose([x, dx])
      },
      p.warmup,
      p.runs,
    )
    emit(peer, 'scalar-graph', (median(times) * 1000) / (4 * p.steps), 'µs/node', check)
  },

  elementwise(p) {
    const [ad, bd, cd] = elementwiseInputs(p.size)
    const a = tf.tensor1d(ad)
    const b = tf.tensor1d(bd)
    const c = tf.tensor1d(cd)
    let out: tf.Tensor | null = null
    const times = timeRuns(
      () => {
        out?.dispose()
        out = tf.tidy(() => tf.add(tf.mul(a, b), c))
      },
      p.warmup,
      p.runs,
    )
    emit(peer, 'elementwise', median(times), 'ms', sumOf((out as unknown as tf.Tensor).dataSync()))
  },

  mlp(p) {
    // torch.nn.Linear's default init: weight and bias uniform in ±1/sqrt(fan_in). Fixed seeds, as descent and
    // PyTorch seed theirs, so that repeated processes train the same model and report the same check.
    const linear = (fanIn: number, fanOut: number, seed: number) => {
      const k = 1 / Math.sqrt(fanIn)
      const w = tf.randomUniform([fanIn, fanOut], -k, k, 'float32', seed)
      return [tf.variable(w), tf.variable(tf.randomUniform([fanOut], -k, k, 'float32', seed + 1))]
    }
    const [w1, b1] = linear(p.inFeatures, p.hidden, 1)
    const [w2, b2] = linear(p.hidden, p.classes, 3)
    const x = tf.randomNormal([p.batch, p.inFeatures], 0, 1, 'float32', 5)
    const labels = tf.oneHot(tf.randomUniform([p.batch], 0, p.classes, 'int32', 6), p.classes)
    const optimizer = tf.train.momentum(p.lr, p.momentum)
    const loss = () => {
      const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2)
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar
    }
    let check = Number.NaN
    const times = timeRuns(
      () => {
        const cost = optimizer.minimize(loss, true)!
        check = cost.dataSync()[0]
        cost.dispose()
      },
      p.warmup,
      p.runs,
    )
    emit(peer, 'mlp', median(times), 'ms/step', check)
  },

  matmul(p) {
    for (const n of p.sizes as unknown as number[]) {
      const [ad, bd] = matmulInputs(n)
      const a = tf.tensor2d(ad, [n, n])
      const b = tf.tensor2d(bd, [n, n])
      let out: tf.Tensor | null = null
      const ms = timeFor(
        () => {
          out?.dispose()
          out = tf.matMul(a, b)
        },
        p.minSeconds,
        p.minRuns,
      )
      emit(peer, `matmul-${n}`, (2 * n ** 3) / (ms * 1e6), 'GFLOP/s', sumOf((out as unknown as tf.Tensor).dataSync()))
      tf.dispose([a, b, out as unknown as tf.Tensor])
    }
  },

  memory(p) {
    const { step, w } = scalarLoop(p.lr)
    for (let i = 0; i < p.warmup; i++) step()
    forceGc()
    const before = heapBytes()
    for (let i = 0; i < p.iterations; i++) step()
    forceGc()
    emit(peer, 'memory', (heapBytes() - before) / 1e6, 'MB', w.dataSync()[0])
  },
}

const job = readJob()
const fn = run[job.workload]
if (!fn) throw new Error(`unknown workload ${job.workload}`)
fn(job.params as P)
