import { UTC } from '../time/go-location';
import '../time/go-time.methods'; // registers GoTime's methods, as the library's entry does
import {
  GoTime,
  defineGoMethods,
  goMethodsTag,
  goTypeTag,
  isPlainMap,
  isUntaggedMap,
  newGoMap,
  tagGoType,
} from './values';

describe('tags on values', () => {
  it('an ordinary or null-prototype map is untagged', () => {
    expect(isUntaggedMap({ a: 1 })).toBe(true);
    expect(isUntaggedMap(Object.create(null))).toBe(true);
    expect(goTypeTag({ a: 1 })).toBeUndefined();
    expect(goMethodsTag(newGoMap())).toBeUndefined();
  });

  it('a map tagged with a Go type or methods is a tagged plain map', () => {
    const typed = tagGoType(newGoMap(), 'map[string]string');
    expect(isUntaggedMap(typed)).toBe(false);
    expect(isPlainMap(typed)).toBe(true);
    expect(goTypeTag(typed)).toBe('map[string]string');
    expect(Object.keys(typed)).toEqual([]);

    const get = { sig: 'func(string) string', fn: (k: string) => k };
    const withMethods = defineGoMethods(Object.create(null) as object, { Get: get as never });
    expect(isUntaggedMap(withMethods)).toBe(false);
    expect(goMethodsTag(withMethods)?.Get).toBe(get);
    expect(goTypeTag(withMethods)).toBeUndefined();
  });

  it('arrays, functions and class instances are never untagged maps; their tags are read directly', () => {
    const list = tagGoType(['a'], '[]string');
    expect(isUntaggedMap(list)).toBe(false);
    expect(goTypeTag(list)).toBe('[]string');
    expect(isUntaggedMap(() => 1)).toBe(false);
    expect(isUntaggedMap(null)).toBe(false);
    // GoTime's methods live on its prototype (defineGoMethods on a class prototype).
    expect(goMethodsTag(new GoTime(0, 0, UTC))?.Format).toBeDefined();
  });
});
