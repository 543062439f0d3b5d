/**
 * The screen widths the pages are drawn for. Each chart is drawn twice, wide and narrow, and the
 * page shows the one that keeps its text at least MIN_TEXT_PX high once scaled to the page's
 * width (CSS, no script): the wide one on screens of WIDE_SCREEN and more, the narrow one below.
 */

/** Every chart's text, in the drawing's own pixels. */
export const CHART_FONT = 13;

/** The smallest chart text a reader is shown, in CSS pixels. */
export const MIN_TEXT_PX = 10;

/** The drawings' widths, in their own pixels. */
export const DRAWING = { wide: 1000, narrow: 360 } as const;

/** The page's padding on each side, in CSS pixels: on screens narrower than WIDE_SCREEN, and wider. */
export const PAGE_PADDING = { narrow: 12, wide: 24 } as const;

/** The page's widest content, in CSS pixels. */
export const PAGE_CONTENT = 1052;

/** The narrowest screen whose page holds the wide drawing with its text at MIN_TEXT_PX or more. */
export const WIDE_SCREEN =
  Math.ceil((DRAWING.wide * MIN_TEXT_PX) / CHART_FONT) + 2 * PAGE_PADDING.wide;

/** The narrowest screen that shows the narrow drawing's text at MIN_TEXT_PX or more. */
export const NARROWEST_SCREEN =
  Math.ceil((DRAWING.narrow * MIN_TEXT_PX) / CHART_FONT) + 2 * PAGE_PADDING.narrow;

/**
 * Screens narrower than this show each table row as a card (each value under its column's
 * heading) instead of a table squeezed into columns a word wide.
 */
export const CARD_SCREEN = 600;
