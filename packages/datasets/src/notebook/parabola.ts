import { type Tensor, fromArray } from '@descent/autograd'
import { type Generator, NDArray, randn } from '@descent/tensor'

const f = Math.fround

// time = torch.arange(0, 20).float(); value = randn(20) * noise + a * (time - 9.5) ** 2 + 1, each op rounded to
// float32 as PyTorch's float32 kernels round it (pow with exponent 2 is x * x).
function parabola(noise: number, a: number, generator?: Generator): { time: Tensor; value: Tensor } {
  const time = new Float32Array(20)
  for (let i = 0; i < 20; i++) time[i] = i
  const draws = randn([20], { generator }).data
  const value = new Float32Array(20)
  for (let i = 0; i < 20; i++) {
    const d = f(time[i]! - 9.5)
    const r = noise === 1 ? draws[i]! : f(draws[i]! * noise)
    value[i] = f(f(r + f(a * f(d * d))) + 1)
  }
  return {
    time: fromArray(new NDArray(time, [20], 'float32')),
    value: fromArray(new NDArray(value, [20], 'float32')),
  }
}

/**
 * Example 2's synthetic time/velocity data: t = 0..19, v = 3·randn(20) + 0.75(t − 9.5)² + 1, drawn from
 * `generator` (default: torch's default generator), so `manualSeed(s)` first gives what the notebook gives
 * under `torch.manual_seed(s)`.
 * See https://pytorch.org/docs/1.13/generated/torch.randn.html
 *
 * ```ts
 * manualSeed(0)
 * const { time, velocity } = timeVelocity()
 * ```
 */
export function timeVelocity(options: { generator?: Generator } = {}): { time: Tensor; velocity: Tensor } {
  const { time, value } = parabola(3, 0.75, options.generator)
  return { time, velocity: value }
}

/**
 * The blog post's time/speed data: t = 0..19, v = randn(20) + 0.5(t − 9.5)² + 1, drawn from `generator`
 * (default: torch's default generator), as under `torch.manual_seed(s)`.
 * See https://pytorch.org/docs/1.13/generated/torch.randn.html
 *
 * ```ts
 * const { time, speed } = timeSpeed({ generator: new Generator().manualSeed(42) })
 * ```
 */
export function timeSpeed(options: { generator?: Generator } = {}): { time: Tensor; speed: Tensor } {
  const { time, value } = parabola(1, 0.5, options.generator)
  return { time, speed: value }
}
