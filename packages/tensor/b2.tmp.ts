import * as T from './src/index.ts'
import { alloc } from './src/ops/util.ts'
import { backend } from './src/backend/index.ts'
function bench(name: string, f: () => unknown, n = 300000) {
  for (let i = 0; i < 5000; i++) f()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) f()
  const dt = performance.now() - t0
  console.log(name.padEnd(30), ((dt / n) * 1e6).toFixed(0), 'ns/call')
}
const s0 = T.scalar(2), s1 = T.scalar(3)
bench('resultType', () => T.resultType(s0, s1))
bench('alloc', () => alloc([], 'float32'))
bench('new Float32Array(1)', () => new Float32Array(1))
bench('new NDArray', () => new T.NDArray(new Float32Array(1), [], 'float32'))
const out = alloc([], 'float32')
bench('backend.binary', () => backend.binary('add', s0, s1, out))
bench('add', () => T.add(s0, s1))
