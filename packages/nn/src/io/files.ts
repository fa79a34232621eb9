// Node conveniences over the buffer functions; fs is imported on first use so browsers can bundle the rest.
import type { NDArray } from '@descent/tensor'
import { loadSafetensors, saveSafetensors } from './safetensors.js'
import type { StateDictLike } from './tensorLike.js'
import { load, save } from './torchSave.js'

const isSafetensors = (path: string) => path.toLowerCase().endsWith('.safetensors')

/**
 * Writes a state dict to `path`: safetensors when the name ends in `.safetensors`, else torch.save's format.
 * @see https://pytorch.org/tutorials/beginner/saving_loading_models.html
 * @example
 * await saveStateDict(model.stateDict(), 'model.pth')
 */
export async function saveStateDict(stateDict: StateDictLike, path: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises')
  await writeFile(path, isSafetensors(path) ? saveSafetensors(stateDict) : save(stateDict))
}

/**
 * Reads a state dict from `path` (safetensors or torch.save format, by the file name), validated before use.
 * @see https://pytorch.org/tutorials/beginner/saving_loading_models.html
 * @example
 * model.loadStateDict(await loadStateDict('model.pth'))
 */
export async function loadStateDict(path: string): Promise<Record<string, NDArray>> {
  const { readFile } = await import('node:fs/promises')
  const buffer = await readFile(path)
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
  return isSafetensors(path) ? loadSafetensors(bytes) : load(bytes)
}
