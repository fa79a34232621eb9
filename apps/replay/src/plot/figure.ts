import { createRequire } from 'node:module'
import * as Plot from '@observablehq/plot'
import { Resvg } from '@resvg/resvg-js'
import { parseHTML } from 'linkedom'

/** A drawn figure: standalone SVG text and its size in pixels (the PNG has the same size). */
export interface Figure {
  /** file name without extension, e.g. `trajectories` */
  name: string
  title: string
  svg: string
  width: number
  height: number
}

/** One legend entry, drawn under the title as matplotlib's `plt.legend()` would show it. */
export interface LegendItem {
  label: string
  color: string
  /** `dot` for scatter series, `line` for lines */
  symbol?: 'dot' | 'line'
}

/** matplotlib's tab10 colours, the notebooks' default colour cycle. */
export const TAB10 = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
]

const FONT_FAMILY = 'DejaVu Sans'
const TITLE_HEIGHT = 28
const LEGEND_ROW = 18
const require = createRequire(import.meta.url)
const FONT_FILE = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')

/** The part of linkedom's DOM element this module uses (the project compiles without the DOM lib). */
interface SvgNode {
  tagName: string
  outerHTML: string
  setAttribute(name: string, value: string): void
  querySelectorAll(selector: string): ArrayLike<{ remove(): void }>
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * Draws one figure with Observable Plot on a linkedom document and wraps it in a standalone SVG with a title and
 * an optional legend (Plot puts both in HTML, which neither a file nor resvg can show).
 * See https://observablehq.com/plot/features/plots
 * @example
 * const fig = figure('data', 'Synthetic data', { marks: [Plot.dot(points, { x: 0, y: 1 })] })
 * writeFileSync('data.svg', fig.svg)
 */
export function figure(
  name: string,
  title: string,
  options: Plot.PlotOptions,
  legend: LegendItem[] = [],
): Figure {
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const width = options.width ?? 640
  const plotHeight = options.height ?? 400
  const node = Plot.plot({ ...options, width, height: plotHeight, document }) as unknown as SvgNode
  if (node.tagName.toLowerCase() !== 'svg') throw new Error(`figure ${name}: Plot returned <${node.tagName}>, not <svg>`)
  node.setAttribute('x', '0')
  node.setAttribute('y', String(TITLE_HEIGHT + (legend.length > 0 ? LEGEND_ROW : 0)))
  node.setAttribute('font-family', FONT_FAMILY)
  // Plot's stylesheet only sets the page's CSS defaults (max-width, white-space); an SVG renderer needs none of it
  for (const style of Array.from(node.querySelectorAll('style'))) style.remove()
  const inner = node.outerHTML

  const legendHeight = legend.length > 0 ? LEGEND_ROW : 0
  const height = TITLE_HEIGHT + legendHeight + plotHeight
  let legendSvg = ''
  let x = 50
  for (const item of legend) {
    const y = TITLE_HEIGHT + LEGEND_ROW / 2
    legendSvg +=
      item.symbol === 'line'
        ? `<line x1="${x}" y1="${y}" x2="${x + 16}" y2="${y}" stroke="${item.color}" stroke-width="2"/>`
        : `<circle cx="${x + 8}" cy="${y}" r="4" fill="${item.color}"/>`
    legendSvg += `<text x="${x + 22}" y="${y + 4}" font-size="12" text-anchor="start">${escapeXml(item.label)}</text>`
    x += 40 + item.label.length * 7
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text x="${width / 2}" y="19" font-size="15" font-weight="bold" text-anchor="middle">${escapeXml(title)}</text>` +
    legendSvg +
    inner +
    '</svg>\n'
  return { name, title, svg, width, height }
}

/**
 * Renders a figure's SVG to PNG with resvg and the DejaVu Sans font (without a font file resvg drops all text).
 * See https://github.com/yisibl/resvg-js
 * @example
 * writeFileSync('data.png', toPng(fig))
 */
export function toPng(fig: Figure): Buffer {
  const resvg = new Resvg(fig.svg, {
    fitTo: { mode: 'original' },
    font: {
      fontFiles: [FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  })
  return resvg.render().asPng()
}
