import type { Tensor } from '@descent/autograd'

/**
 * y = x Wᵀ + b for a weight of shape [out, in].
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.functional.linear.html
 * @example
 * F.linear(x, weight, bias)
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const out = input.matmul(weight.t())
  return bias === null ? out : out.add(bias)
}
