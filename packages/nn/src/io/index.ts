export { load, save } from './torchSave.js'
export { loadSafetensors, saveSafetensors, safetensorsMetadata } from './safetensors.js'
export { UnpicklingError, SafetensorError } from './errors.js'
export type { StateDictLike, ArrayLike } from './tensorLike.js'
