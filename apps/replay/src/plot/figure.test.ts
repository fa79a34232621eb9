import * as Plot from '@observablehq/plot'
import { describe, expect, test } from 'vitest'
import { TAB10, figure, toPng } from './figure.js'
import { parseSvg, pngSize } from './inspect.js'

const sample = () =>
  figure(
    'sample',
    'Synthetic data (time vs. velocity) & <more>',
    {
      width: 400,
      height: 300,
      grid: true,
      x: { label: 'Time' },
      marks: [Plot.dot([[0, 1], [1, 3], [2, 2]], { x: '0', y: '1', fill: TAB10[0] })],
    },
    [{ label: 'Real', color: TAB10[0] }],
  )

describe('figure', () => {
  test('is a standalone SVG with its title, legend and axis labels as text', () => {
    const fig = sample()
    expect(fig.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    const parsed = parseSvg(fig.svg)
    expect(parsed.width).toBe('400')
    expect(parsed.text).toContain('Synthetic data (time vs. velocity) & <more>')
    expect(parsed.text).toContain('Real')
    expect(parsed.text.some((t) => t.includes('Time'))).toBe(true)
    expect(fig.height).toBe(28 + 18 + 300)
  })

  test('the SVG check rejects malformed markup', () => {
    expect(() => parseSvg('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).toThrow()
    expect(() => parseSvg('<html></html>')).toThrow()
  })

  test('has no HTML wrapper or stylesheet that an SVG renderer would choke on', () => {
    const fig = sample()
    expect(fig.svg).not.toContain('<figure')
    expect(fig.svg).not.toContain('<style')
  })

  test('draws contours (Example 1 needs them)', () => {
    const fig = figure('c', 'contour', {
      width: 200,
      height: 200,
      marks: [Plot.contour({ fill: (x: number, y: number) => Math.sin(x) * Math.cos(y), x1: 0, x2: 10, y1: 0, y2: 10 })],
    })
    expect(fig.svg).toContain('aria-label="contour"')
    parseSvg(fig.svg)
  })
})

describe('toPng', () => {
  test('renders at the figure size, with text (the font is loaded)', () => {
    const fig = sample()
    const png = toPng(fig)
    expect(pngSize(png)).toEqual({ width: 400, height: 346 })
    // resvg drops text it has no font for: a title must change the pixels
    const titled = toPng(figure('t', 'Gradient Descent Trajectories', { width: 300, height: 100, axis: null, marks: [] }))
    const untitled = toPng(figure('t', '', { width: 300, height: 100, axis: null, marks: [] }))
    expect(pngSize(titled)).toEqual({ width: 300, height: 128 })
    expect(Buffer.from(titled).equals(Buffer.from(untitled))).toBe(false)
  })
})
