// Speed and memory of the notebooks' training step and of long scalar chains (run: npx tsx --conditions=@descent/source bench/loop.ts).
import { noGrad, tensor } from '../src/index.js'

function notebookLoop(iterations: number): number {
  const X = tensor([1, 2, 3, 4], { dtype: 'float32' })
  const Y = tensor([2, 4, 6, 8], { dtype: 'float32' })
  const w = tensor(0, { dtype: 'float32', requiresGrad: true })
  const lr = 0.01
  const start = performance.now()
  for (let i = 0; i < iterations; i++) {
    const loss = Y.sub(w.mul(X)).pow(2).mean()
    loss.backward()
    noGrad(() => w.sub_(w.grad!.mul(lr)))
    w.grad!.zero_()
  }
  return ((performance.now() - start) * 1000) / iterations
}

function chain(nodes: number): number {
  const x = tensor(1, { dtype: 'float32', requiresGrad: true })
  const start = performance.now()
  let y = x
  for (let i = 0; i < nodes; i++) y = i % 2 === 0 ? y.mul(1.0001) : y.add(0.5)
  y.backward()
  return ((performance.now() - start) * 1000) / nodes
}

const mode = process.argv[2] ?? 'all'
if (mode === 'all' || mode === 'loop') {
  notebookLoop(20000)
  const us = notebookLoop(200000)
  console.log(`notebook step: ${us.toFixed(3)} µs/iteration`)
}
if (mode === 'all' || mode === 'chain') {
  for (let i = 0; i < 50; i++) chain(4000)
  let best = Infinity
  for (let i = 0; i < 20; i++) best = Math.min(best, chain(4000))
  console.log(`4000-node scalar chain + backward: ${best.toFixed(3)} µs/node (best of 20)`)
}
if (mode === 'all' || mode === 'heap') {
  const samples: number[] = []
  for (let k = 0; k < 10; k++) {
    notebookLoop(100000)
    globalThis.gc?.()
    samples.push(process.memoryUsage().heapUsed / 1e6)
  }
  console.log(`heap after each 100k steps (MB): ${samples.map((s) => s.toFixed(1)).join(' ')}`)
}
