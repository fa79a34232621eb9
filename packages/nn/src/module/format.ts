/** PyTorch's text for a shape: `torch.Size([2, 3])`. */
export const formatSize = (shape: readonly number[]): string => `torch.Size([${shape.join(', ')}])`
