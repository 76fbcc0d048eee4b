/**
 * `.Values` as Helm hands it to templates: a `chartutil.Values` (a named
 * `map[string]interface{}`) with its methods, so `{{ .Values.YAML }}`, `{{ .Values.Table "a.b" }}`,
 * `{{ .Values.AsMap }}` and `{{ .Values.PathValue "a.b" }}` work as in Helm 3.17.3 and
 * `printf "%T" .Values` prints `chartutil.Values`. As in Go, a method wins over a values key of
 * the same name.
 *
 * The map is decorated in place (the engine value model gives an object one Go type), so a
 * subchart's values map, which is also the parent's `.Values.<subchart>`, carries the type and
 * methods in the parent's templates too, where Helm sees a plain map. Only a parent template
 * asking that map for its type or for a key named like one of these methods can tell.
 */
import {
  defineGoMethods,
  goQuote,
  mapGet,
  mapHas,
  tagGoType,
  type GoMapObject,
  type GoMethodTable,
  type GoValue,
} from '@marina/go-runtime';
import { marshalYaml } from '../yaml/sigs-yaml';
import { copyMap, isTable } from '../values/values-table';

const VALUES_TYPE = { kind: 'map', key: { kind: 'string' }, elem: { kind: 'any' }, name: 'chartutil.Values' } as const;

const METHODS: GoMethodTable = {
  // yaml.Marshal(v): the whole map as YAML, final newline kept (unlike toYaml).
  YAML: {
    sig: 'func() (string, error)',
    fn: function (this: GoMapObject) {
      return marshalYaml(this);
    } as never,
  },
  Table: {
    sig: 'func(string) (chartutil.Values, error)',
    fn: function (this: GoMapObject, name: string) {
      return valuesTable(this, name);
    } as never,
  },
  // The same entries as a plain map[string]interface{} (a shallow copy: nested maps are shared, a
  // top-level key set through it does not reach .Values as it does in Go).
  AsMap: {
    sig: 'func() map[string]interface {}',
    fn: function (this: GoMapObject) {
      return copyMap(this);
    } as never,
  },
  PathValue: {
    sig: 'func(string) (interface {}, error)',
    fn: function (this: GoMapObject, path: string) {
      return pathValue(this, path);
    } as never,
  },
  // A template has no io.Writer to give it; declared so that calls fail as they do in Helm.
  Encode: {
    sig: 'func(io.Writer) error',
    fn: function () {
      throw new Error('Values.Encode needs an io.Writer');
    } as never,
  },
};

/** Gives `m` the type and methods of `chartutil.Values`; returns it. */
export function valuesObject(m: GoMapObject): GoMapObject {
  tagGoType(m, VALUES_TYPE as never);
  return defineGoMethods(m, METHODS);
}

/** `Values.Table(name)`: the table at a dotted path, or ErrNoTable naming the first key that is not one. */
function valuesTable(v: GoMapObject, name: string): GoMapObject {
  let cur = v;
  for (const key of name.split('.')) {
    const next = mapHas(cur, key) ? mapGet(cur, key) : undefined;
    if (!isTable(next)) throw new Error(`${goQuote(key)} is not a table`);
    cur = next;
  }
  return valuesObject(cur);
}

/** `Values.PathValue(path)`: the non-table value at a dotted path, or ErrNoValue naming its last key. */
function pathValue(v: GoMapObject, path: string): GoValue {
  if (path === '') throw new Error('YAML path cannot be empty');
  const keys = path.split('.');
  const key = keys.pop() as string;
  let t: GoMapObject | undefined = v;
  for (const k of keys) {
    const next: GoValue | undefined = t && mapHas(t, k) ? mapGet(t, k) : undefined;
    t = isTable(next) ? next : undefined;
  }
  const value = t && mapHas(t, key) ? mapGet(t, key) : undefined;
  if (value === undefined || isTable(value)) throw new Error(`${goQuote(key)} is not a value`);
  return value;
}
