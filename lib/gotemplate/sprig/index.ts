/**
 * Sprig v3.3.0 functions (Masterminds/sprig TxtFuncMap) for the template engine, without
 * `env`/`expandenv` (Helm removes them). Each function carries its Go signature so arguments
 * are converted and checked exactly as text/template does for Sprig.
 */
import type { FuncMap } from '../template';
import { cryptoFuncs } from './crypto.funcs';
import { dateFuncs } from './date.funcs';
import { defaultFuncs } from './defaults.funcs';
import { dictFuncs } from './dicts.funcs';
import { encodingFuncs } from './encoding.funcs';
import { listFuncs } from './lists.funcs';
import { mathFuncs } from './math.funcs';
import { regexFuncs } from './regex.funcs';
import { semverFuncs } from './semver.funcs';
import { stringFuncs } from './strings.funcs';

const ALL: FuncMap = {
  ...stringFuncs,
  ...mathFuncs,
  ...listFuncs,
  ...dictFuncs,
  ...defaultFuncs,
  ...encodingFuncs,
  ...regexFuncs,
  ...semverFuncs,
  ...dateFuncs,
  ...cryptoFuncs,
};

/** A fresh copy of the Sprig function map (callers may add or delete entries). */
export function sprigFuncMap(): FuncMap {
  return { ...ALL };
}

export { SprigCertificate } from './crypto.funcs';
export { SemverVersion } from './semver.funcs';
export { bcryptHash, bcryptVerify } from './bcrypt';
export { strval, toInt64, toFloat64, isEmpty, deepCopy, deepEqual } from './sprig-conv';
export { mergeInto } from './dicts.funcs';
