import * as T from './src/index.ts'
function bench(name: string, f: () => unknown, n = 50) {
  for (let i = 0; i < 5; i++) f()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) f()
  console.log(name.padEnd(30), ((performance.now() - t0) / n).toFixed(2), 'ms/call')
}
const big = T.zeros([1000000]), big2 = T.ones([1000000])
bench('alloc 1e6', () => new Float32Array(1000000))
bench('raw loop', () => { const o = new Float32Array(1000000); const a = big.data, b = big2.data; for (let i = 0; i < 1000000; i++) o[i] = a[i]! + b[i]!; return o })
bench('add 1e6', () => T.add(big, big2))
