// Writes descent's .pth and .safetensors files for tools/oracle/nn_io.py: `npx tsx --conditions @descent/source test/writeIoFixtures.ts`.
import { writeFileSync } from 'node:fs'
import { save, saveSafetensors } from '../src/index.js'
import { descentMetadata, descentStateDict } from './ioContent.js'

const dir = new URL('./fixtures/', import.meta.url)
writeFileSync(new URL('descent_state.pth', dir), save(descentStateDict()))
writeFileSync(new URL('descent_state.safetensors', dir), saveSafetensors(descentStateDict(), descentMetadata))
console.log('wrote test/fixtures/descent_state.pth and descent_state.safetensors')
