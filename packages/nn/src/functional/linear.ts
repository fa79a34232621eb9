import type { Tensor } from '@descent/autograd'

/**
 * y = x Wᵀ + b for a weight of shape [out, in].
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.linear.html
 * @example
 * F.linear(x, weight, bias)
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  // torch fuses a 2-D input's bias into addmm, whose float32 sums differ from matmul then add
  if (input.ndim === 2 && bias !== null) return bias.addmm(input, weight.t())
  const out = input.matmul(weight.t())
  return bias === null ? out : out.add(bias)
}
