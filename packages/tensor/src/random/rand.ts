import { NDArray, allocate } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { checkShape, TORCH_TYPE_NAME } from './fillOrder.js'
import { defaultGenerator, type Generator } from './Generator.js'

/** Options of the creation functions that draw random numbers. */
export interface RandomOptions {
  /** The result's dtype: float32 by default for rand and randn (which take float32 or float64), int64 for randint and randperm. */
  dtype?: 'float32' | 'float64' | 'int64' | 'bool'
  /** The generator to draw from; the default generator when omitted. */
  generator?: Generator
}

/**
 * Uniform draws from [0, 1), as `torch.rand`: float32 uses 24 random bits, float64 uses 53.
 *
 * https://pytorch.org/docs/1.13/generated/torch.rand.html
 * @example
 * manualSeed(0)
 * rand([3]) // tensor([0.4963, 0.7682, 0.0885])
 */
export function rand(shape: number | readonly number[], options: RandomOptions = {}): NDArray {
  const dims = checkShape(shape)
  const dtype = options.dtype ?? 'float32'
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RuntimeError(`"check_uniform_bounds" not implemented for '${TORCH_TYPE_NAME[dtype]}'`)
  }
  const gen = options.generator ?? defaultGenerator
  const out = new NDArray(allocate(dtype, dims.reduce((n, d) => n * d, 1)), dims, dtype)
  const data = out.data
  // x * (1 - 0) + 0 is exact, so no fused step is needed here.
  if (dtype === 'float32') for (let i = 0; i < data.length; i++) data[i] = gen.randomFloat()
  else for (let i = 0; i < data.length; i++) data[i] = gen.randomDouble()
  return out
}
