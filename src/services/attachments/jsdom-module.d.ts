/** The part of jsdom the SVG sanitiser uses (the package ships no types; @types/jsdom pulls the DOM library into the whole program). */
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: import('./svg-dom').SvgWindow;
  }
}
