/**
 * Charts as inline SVG, rendered at build time by ECharts' server-side SVG renderer (no DOM, no
 * script in the page). Each chart is one `<svg role="img">` with a title and an accessible name.
 */
import * as echarts from 'echarts';
import { escapeHtml } from './html.js';
import { CHART_FONT } from './screens.js';

/** The colours the charts share; a mark's colour says what it is (the tests count marks by it). */
export const COLORS = {
  /** A past launch, a flight, a turnaround. */
  base: '#6b8fb5',
  /** What the question asks for: a busy month, a quick reuse. */
  highlight: '#d9480f',
  /** Launches that have not happened yet. */
  upcoming: '#b9b9b9',
  /** The most-used core. */
  emphasis: '#1b4f8a',
  text: '#222222',
  grid: '#e3e3e3',
} as const;

export interface ChartSpec {
  /** The accessible name: what the chart shows, in one sentence. */
  label: string;
  width: number;
  height: number;
  option: echarts.EChartsCoreOption;
}

/** Renders one chart to an SVG string: static (no animation), with role, aria-label and title. */
export function renderChart(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'system-ui, sans-serif', color: COLORS.text, fontSize: CHART_FONT },
      ...spec.option,
    });
    const svg = chart.renderToSVGString();
    const label = escapeHtml(spec.label);
    // The accessible name goes on the root element; the <title> shows as a tooltip too.
    return svg
      .replace(/^<svg/, `<svg role="img" aria-label="${label}"`)
      .replace(/(<svg[^>]*>)/, `$1<title>${label}</title>`);
  } finally {
    chart.dispose();
  }
}

/** An axis whose labels and name are drawn at the charts' one text size. */
export function axis<T extends { axisLabel?: object; nameTextStyle?: object }>(options: T): T {
  return {
    ...options,
    axisLabel: { fontSize: CHART_FONT, ...options.axisLabel },
    nameTextStyle: { fontSize: CHART_FONT, ...options.nameTextStyle },
  };
}
