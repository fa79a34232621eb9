import type { NDArray } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { cppDouble } from './cppFormat.js'
import { fillOffsets, TORCH_TYPE_NAME } from './fillOrder.js'
import { defaultGenerator, type Generator } from './Generator.js'
import { f32, fma64, fma32 } from '../floatMath.js'

/** PyTorch's `uniform_impl_` argument checks, in its words. */
export function checkUniformBounds(a: NDArray, from: number, to: number): void {
  if (a.dtype !== 'float32' && a.dtype !== 'float64') {
    throw new RuntimeError(`"check_uniform_bounds" not implemented for '${TORCH_TYPE_NAME[a.dtype]}'`)
  }
  const max = a.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE
  const name = a.dtype === 'float32' ? 'float' : 'double'
  for (const [label, v] of [['from', from], ['to', to]] as const) {
    if (!(v >= -max && v <= max)) {
      throw new RuntimeError(`${label} is out of bounds for ${name}`)
    }
  }
  if (!(from <= to)) {
    throw new RuntimeError(
      `uniform_ expects to return a [from, to) range, but found from=${cppDouble(from)} > to=${cppDouble(to)}`,
    )
  }
  if (!(to - from <= max)) {
    throw new RuntimeError(
      `uniform_ expects to-from <= std::numeric_limits<${TORCH_TYPE_NAME[a.dtype]}>::max(), but found to=${cppDouble(to)} and from=${cppDouble(from)} which result in to-from to exceed the limit`,
    )
  }
}

/** Fills `a` with draws without checking arguments: rand and uniformInto share it. */
export function fillUniform(a: NDArray, from: number, to: number, gen: Generator): void {
  const data = a.data
  const offsets = fillOffsets(a)
  const n = offsets.length
  if (a.dtype === 'float32') {
    // from and to are cast to float first; GCC fuses x * (to - from) + from into one FMA.
    const lo = f32(from)
    const range = f32(f32(to) - lo)
    for (let i = 0; i < n; i++) data[offsets[i]!] = fma32(gen.randomFloat(), range, lo)
  } else {
    const range = to - from
    for (let i = 0; i < n; i++) data[offsets[i]!] = fma64(gen.randomDouble(), range, from)
  }
}

/**
 * Fills a float32 or float64 array in place with uniform draws from [from, to), as `tensor.uniform_(from, to)`.
 * Draws follow the array's memory order, like PyTorch's; returns `a`.
 *
 * https://pytorch.org/docs/1.13/generated/torch.Tensor.uniform_.html
 * @example
 * const w = zeros([2, 3]); manualSeed(0)
 * uniformInto(w, -1, 1) // PyTorch's w.uniform_(-1, 1) after torch.manual_seed(0)
 */
export function uniformInto(a: NDArray, from = 0, to = 1, generator?: Generator): NDArray {
  checkUniformBounds(a, from, to)
  fillUniform(a, from, to, generator ?? defaultGenerator)
  return a
}
