import { NDArray, allocate } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { defaultGenerator } from './Generator.js'
import type { RandomOptions } from './rand.js'

/**
 * A random permutation of 0..n-1, as `torch.randperm` on the CPU (int64 by default): PyTorch 1.13's forward
 * Fisher-Yates with `random() % (n - i)` for every n (checked against PyTorch up to n = 214748364, where later
 * versions switch algorithms).
 *
 * https://pytorch.org/docs/1.13/generated/torch.randperm.html
 * @example
 * manualSeed(0)
 * randperm(4) // tensor([0, 1, 3, 2])
 */
export function randperm(n: number, options: RandomOptions = {}): NDArray {
  if (!Number.isInteger(n)) throw new RuntimeError(`randperm expects an integer n, but got ${n}`)
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${n}]`)
  const dtype = options.dtype ?? 'int64'
  const gen = options.generator ?? defaultGenerator
  const out = new NDArray(allocate(dtype, n), [n], dtype)
  const r = out.data
  for (let i = 0; i < n; i++) r[i] = i
  // PyTorch's modulo is slightly biased; reproducing it is the point.
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i)
    const sav = r[i]!
    r[i] = r[z + i]!
    r[z + i] = sav
  }
  return out
}
