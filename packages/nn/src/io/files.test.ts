import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { nested } from '../../test/helpers.js'
import { descentStateDict } from '../../test/ioContent.js'
import { loadStateDict, saveStateDict } from './files.js'
import { loadSafetensors } from './safetensors.js'
import { load } from './torchSave.js'

const dir = mkdtempSync(join(tmpdir(), 'descent-nn-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test.each(['model.pth', 'model.pt', 'model.safetensors'])('saveStateDict and loadStateDict through %s', async (name) => {
  const path = join(dir, name)
  const sd = descentStateDict()
  await saveStateDict(sd, path)
  const bytes = new Uint8Array(readFileSync(path))
  // The file name picks the format.
  const direct = name.endsWith('.safetensors') ? loadSafetensors(bytes) : load(bytes)
  const back = await loadStateDict(path)
  expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort())
  for (const [k, a] of Object.entries(sd)) {
    expect(nested(back[k]!)).toEqual(nested(a))
    expect(nested(direct[k]!)).toEqual(nested(a))
  }
})
