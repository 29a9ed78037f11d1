/**
 * Tailwind's breakpoints (md, lg, xl: its defaults, which app/globals.css keeps) as media
 * queries, for the components that choose what to render by width (useMediaQuery). One place,
 * so that a component's JavaScript and its `md:`/`lg:` classes switch at the same width.
 */
export const MEDIA_MD = '(min-width: 768px)';
export const MEDIA_LG = '(min-width: 1024px)';
export const MEDIA_XL = '(min-width: 1280px)';
