/**
 * Scalar analysis and style selection of the libyaml emitter as ported in gopkg.in/yaml.v2
 * (`yaml_emitter_analyze_scalar`, `yaml_emitter_select_scalar_style`). Works on code points;
 * lengths that libyaml measures in bytes are measured in UTF-8 bytes here too.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** What the analysis allows for one scalar. */
export interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
}

export const isSpace = (c: number | undefined): boolean => c === 0x20;
export const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
/** \r, \n, NEL, LS, PS. */
export const isBreak = (c: number | undefined): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankOrBreakOrEnd = (c: number | undefined): boolean => c === undefined || isBlank(c) || isBreak(c);

/** libyaml's printable set as yaml.v2 tests it on UTF-8 bytes (4-byte sequences are not printable). */
export function isPrintable(c: number): boolean {
  return (
    c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

/** Splits a string into code points (a lone surrogate is its own code point, as for-of yields it). */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i) as number;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

/** Whether `s` contains a line break (all breaks are single UTF-16 units). */
export function hasBreak(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isBreak(s.charCodeAt(i))) return true;
  return false;
}

/**
 * yaml.v2's analysis of a scalar value. With `v3Tabs`, tabs follow yaml.v3 instead (they forbid
 * plain and single-quoted styles but allow block literals).
 */
export function analyzeScalar(cps: readonly number[], v3Tabs = false): ScalarAnalysis {
  if (cps.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  const f = scanFlags(cps, v3Tabs);
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  let block = true;
  if (f.leadingSpace || f.leadingBreak || f.trailingSpace || f.trailingBreak) flowPlain = blockPlain = false;
  if (f.trailingSpace) block = false;
  if (f.breakSpace) flowPlain = blockPlain = single = false;
  if (f.spaceBreak || f.special) flowPlain = blockPlain = single = block = false;
  if (f.tabs) flowPlain = blockPlain = single = false;
  if (f.lineBreaks) flowPlain = blockPlain = false;
  if (f.flowIndicators) flowPlain = false;
  if (f.blockIndicators) blockPlain = false;
  return {
    multiline: f.lineBreaks,
    flowPlainAllowed: flowPlain,
    blockPlainAllowed: blockPlain,
    singleQuotedAllowed: single,
    blockAllowed: block,
  };
}

interface ScanFlags {
  blockIndicators: boolean;
  flowIndicators: boolean;
  lineBreaks: boolean;
  special: boolean;
  leadingSpace: boolean;
  leadingBreak: boolean;
  trailingSpace: boolean;
  trailingBreak: boolean;
  breakSpace: boolean;
  spaceBreak: boolean;
  tabs: boolean;
}

const FIRST_INDICATORS = new Set('#,[]{}&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
const INNER_FLOW_INDICATORS = new Set(',?[]{}'.split('').map((c) => c.charCodeAt(0)));

function scanFlags(cps: readonly number[], v3Tabs: boolean): ScanFlags {
  const f: ScanFlags = {
    blockIndicators: false,
    flowIndicators: false,
    lineBreaks: false,
    special: false,
    leadingSpace: false,
    leadingBreak: false,
    trailingSpace: false,
    trailingBreak: false,
    breakSpace: false,
    spaceBreak: false,
    tabs: false,
  };
  const n = cps.length;
  if (
    n >= 3 &&
    ((cps[0] === 0x2d && cps[1] === 0x2d && cps[2] === 0x2d) || (cps[0] === 0x2e && cps[1] === 0x2e && cps[2] === 0x2e))
  ) {
    f.blockIndicators = f.flowIndicators = true;
  }
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < n; i++) {
    const c = cps[i];
    const followedByWhitespace = i + 1 >= n || isBlank(cps[i + 1]);
    indicatorFlags(f, c, i, followedByWhitespace, precededByWhitespace);
    if (v3Tabs && c === 0x09) f.tabs = true;
    else if (!isPrintable(c)) f.special = true;
    if (isSpace(c)) {
      if (i === 0) f.leadingSpace = true;
      if (i === n - 1) f.trailingSpace = true;
      if (previousBreak) f.breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      f.lineBreaks = true;
      if (i === 0) f.leadingBreak = true;
      if (i === n - 1) f.trailingBreak = true;
      if (previousSpace) f.spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlankOrBreakOrEnd(c);
  }
  return f;
}

function indicatorFlags(f: ScanFlags, c: number, i: number, followedByWs: boolean, precededByWs: boolean): void {
  if (i === 0) {
    if (FIRST_INDICATORS.has(c)) f.flowIndicators = f.blockIndicators = true;
    else if (c === 0x3f || c === 0x3a) {
      f.flowIndicators = true;
      if (followedByWs) f.blockIndicators = true;
    } else if (c === 0x2d && followedByWs) f.flowIndicators = f.blockIndicators = true;
    return;
  }
  if (INNER_FLOW_INDICATORS.has(c)) f.flowIndicators = true;
  else if (c === 0x3a) {
    f.flowIndicators = true;
    if (followedByWs) f.blockIndicators = true;
  } else if (c === 0x23 && precededByWs) f.flowIndicators = f.blockIndicators = true;
}

/** yaml.v2's `yaml_emitter_select_scalar_style` for untagged (implicit) scalars. */
export function selectScalarStyle(
  requested: ScalarStyle,
  a: ScalarAnalysis,
  empty: boolean,
  ctx: { readonly flowLevel: number; readonly simpleKey: boolean },
): ScalarStyle {
  let style = requested;
  if (ctx.simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    const allowed = ctx.flowLevel > 0 ? a.flowPlainAllowed : a.blockPlainAllowed;
    if (!allowed) style = 'single';
    if (empty && (ctx.flowLevel > 0 || ctx.simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || ctx.flowLevel > 0 || ctx.simpleKey)) style = 'double';
  return style;
}

/** UTF-8 byte length (libyaml measures simple keys in bytes). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
