import { NDArray, allocate } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { defaultGenerator, type Generator } from './Generator.js'
import type { RandomOptions } from './rand.js'

/** PyTorch keeps its original shuffle below uint32 max / 20 and switches to the inside-out shuffle above. */
const LARGE = Math.floor(4294967295 / 20)

/** `random64() % m` for m < 2^37 without BigInt: reduces the high word in two 16-bit steps. */
function random64Mod(gen: Generator, m: number): number {
  const hi = gen.random()
  const lo = gen.random()
  let r = hi % m
  r = (r * 65536) % m
  r = (r * 65536) % m
  return (r + (lo % m)) % m
}

/**
 * A random permutation of 0..n-1, as `torch.randperm` on the CPU (int64 by default).
 *
 * https://pytorch.org/docs/1.13/generated/torch.randperm.html
 * @example
 * manualSeed(0)
 * randperm(4) // tensor([2, 0, 1, 3])
 */
export function randperm(n: number, options: RandomOptions = {}): NDArray {
  if (!Number.isInteger(n)) throw new RuntimeError(`randperm expects an integer n, but got ${n}`)
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${n}]`)
  const dtype = options.dtype ?? 'int64'
  const gen = options.generator ?? defaultGenerator
  const out = new NDArray(allocate(dtype, n), [n], dtype)
  const r = out.data
  if (n < LARGE) {
    for (let i = 0; i < n; i++) r[i] = i
    // Fisher-Yates forwards, with PyTorch's (slightly biased) modulo.
    for (let i = 0; i < n - 1; i++) {
      const z = gen.random() % (n - i)
      const sav = r[i]!
      r[i] = r[z + i]!
      r[z + i] = sav
    }
  } else {
    // The inside-out variant with 64-bit draws, so the modulo bias stays negligible.
    for (let i = 0; i < n; i++) {
      const z = random64Mod(gen, i + 1)
      r[i] = r[z]!
      r[z] = i
    }
  }
  return out
}
