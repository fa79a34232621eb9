import type { NDArray } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { logf, sincosf } from './avxMathfun.js'
import { cppDouble } from './cppFormat.js'
import { fillOffsets, TORCH_TYPE_NAME } from './fillOrder.js'
import { defaultGenerator, type Generator } from './Generator.js'
import { f32, fma64, fma32 } from '../floatMath.js'
import { glibcLog } from './glibcLog.js'
import { glibcCos, glibcSin } from './glibcSinCos.js'

const TWO_PI = 2 * Math.PI
const TWO_PI_F = f32(2 * Math.PI)

/** PyTorch's `normal_` argument checks, in its words. */
export function checkNormal(a: NDArray, std: number): void {
  if (!(std >= 0)) throw new RuntimeError(`normal expects std >= 0.0, but found std ${cppDouble(std)}`)
  if (a.dtype !== 'float32' && a.dtype !== 'float64') {
    throw new RuntimeError(`"normal_kernel_cpu" not implemented for '${TORCH_TYPE_NAME[a.dtype]}'`)
  }
}

/** One draw of `at::normal_distribution<double>`: Box-Muller on two 53-bit uniforms, the sine half cached. */
function scalarNormal(gen: Generator, mean: number, std: number): number {
  const cached = gen.nextDoubleNormal
  if (cached !== null) {
    gen.nextDoubleNormal = null
    return fma64(cached, std, mean)
  }
  const u1 = gen.randomDouble()
  const u2 = gen.randomDouble()
  const r = Math.sqrt(-2 * glibcLog(1 - u2))
  const theta = TWO_PI * u1
  gen.nextDoubleNormal = r * glibcSin(theta)
  return fma64(r * glibcCos(theta), std, mean)
}

/** normal_fill_16<double>: Box-Muller over 8 pairs (u[j], u[j + 8]) in place. */
function fill16Double(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * glibcLog(1 - data[j]!))
    const theta = TWO_PI * data[j + 8]!
    data[j] = fma64(radius * glibcCos(theta), std, mean)
    data[j + 8] = fma64(radius * glibcSin(theta), std, mean)
  }
}

const sincos = new Float64Array(2)

/** normal_fill_16_AVX2: the same transform in float32 through avx_mathfun's log and sincos. */
function fill16Float(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = f32(Math.sqrt(f32(-2 * logf(f32(1 - data[j]!)))))
    sincosf(f32(TWO_PI_F * data[j + 8]!), sincos)
    data[j] = fma32(f32(radius * sincos[1]!), std, mean)
    data[j + 8] = fma32(f32(radius * sincos[0]!), std, mean)
  }
}

/** PyTorch's `normal_fill`: all uniforms first, Box-Muller in blocks of 16, the last partial block redrawn whole. */
function normalFill(data: Float32Array | Float64Array, start: number, n: number, mean: number, std: number, gen: Generator): void {
  const float = data instanceof Float32Array
  const fill16 = float
    ? (at: number) => fill16Float(data, at, mean, std)
    : (at: number) => fill16Double(data as Float64Array, at, mean, std)
  const uniform = () => (float ? gen.randomFloat() : gen.randomDouble())
  for (let i = 0; i < n; i++) data[start + i] = uniform()
  for (let i = 0; i + 16 <= n; i += 16) fill16(start + i)
  if (n % 16 !== 0) {
    // The tail overlaps the previous block: its 16 uniforms are drawn again and overwrite finished normals.
    const at = start + n - 16
    for (let i = 0; i < 16; i++) data[at + i] = uniform()
    fill16(at)
  }
}

/** Fills `a` with normal draws without checking arguments: randn and normalInto share it. */
export function fillNormal(a: NDArray, mean: number, std: number, gen: Generator): void {
  const n = a.size
  if (n >= 16 && a.isContiguous()) {
    // PyTorch casts mean and std to the tensor's dtype on this path.
    const float = a.dtype === 'float32'
    normalFill(a.data as Float32Array | Float64Array, a.offset, n, float ? f32(mean) : mean, float ? f32(std) : std, gen)
    return
  }
  const data = a.data
  if (a.isContiguous()) {
    for (let i = 0; i < n; i++) data[a.offset + i] = scalarNormal(gen, mean, std)
    return
  }
  const offsets = fillOffsets(a)
  for (let i = 0; i < n; i++) data[offsets[i]!] = scalarNormal(gen, mean, std)
}

/**
 * Fills a float32 or float64 array in place with draws from N(mean, std²), as `tensor.normal_(mean, std)`,
 * following PyTorch 1.13's two CPU paths (scalar Box-Muller below 16 elements or for strided arrays, 16-wide above).
 *
 * https://pytorch.org/docs/1.13/generated/torch.Tensor.normal_.html
 * @example
 * const w = zeros([4]); manualSeed(0)
 * normalInto(w, 0, 0.02) // PyTorch's w.normal_(0, 0.02) after torch.manual_seed(0)
 */
export function normalInto(a: NDArray, mean = 0, std = 1, generator?: Generator): NDArray {
  checkNormal(a, std)
  fillNormal(a, mean, std, generator ?? defaultGenerator)
  return a
}
