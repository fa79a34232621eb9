import { NDArray, allocate, shapeSize } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { checkShape } from './fillOrder.js'
import { defaultGenerator } from './Generator.js'
import type { RandomOptions } from './rand.js'

/**
 * Integers drawn from [low, high), as `torch.randint`: PyTorch's `random() % range + low` (32 random bits, or 64
 * when the range reaches 2^32). int64 by default; values beyond 2^53 are not representable in descent's int64.
 * `randint(high, shape)` draws from [0, high).
 *
 * https://pytorch.org/docs/1.13/generated/torch.randint.html
 * @example
 * manualSeed(0)
 * randint(0, 10, [5]) // tensor([4, 9, 3, 0, 3])
 */
export function randint(low: number, high: number, shape: number | readonly number[], options?: RandomOptions): NDArray
export function randint(high: number, shape: number | readonly number[], options?: RandomOptions): NDArray
export function randint(
  a: number,
  b: number | readonly number[],
  c?: number | readonly number[] | RandomOptions,
  d?: RandomOptions,
): NDArray {
  const [low, high, shape, options] =
    typeof b === 'number'
      ? [a, b, c as number | readonly number[], d ?? {}]
      : [0, a, b, (c as RandomOptions | undefined) ?? {}]
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new RuntimeError(`randint expects integer bounds, but got low=${low} and high=${high}`)
  }
  const dims = checkShape(shape)
  const dtype = options.dtype ?? 'int64'
  if (low >= high) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`)
  const gen = options.generator ?? defaultGenerator
  const out = new NDArray(allocate(dtype, shapeSize(dims)), dims, dtype)
  const data = out.data
  const range = high - low
  if (range < 4294967296) {
    // Below 2^32 the range and every sum stay exact in a double.
    for (let i = 0; i < data.length; i++) data[i] = (gen.random() % range) + low
  } else {
    const r = BigInt(high) - BigInt(low)
    const base = BigInt(low)
    for (let i = 0; i < data.length; i++) data[i] = Number((gen.random64() % r) + base)
  }
  if (dtype === 'bool') for (let i = 0; i < data.length; i++) data[i] = data[i] !== 0 ? 1 : 0
  return out
}
