import { contextFunc, defineGoMethods, goFunc, GoStruct, tagGoType, type GoValue } from '@marina/go-runtime';
import { Template, type ExecContext } from './template';
import { TemplateExecError, TemplateFuncError, TemplateNotFoundError, TemplateParseError } from './errors';
import { sprigFuncMap } from './sprig';

class Meta extends GoStruct {
  static override goTypeName = 'chart.Metadata';
  static override goMethodSigs = { Greeting: 'func(string) string' };
  constructor(
    public Name: string,
    public Version: string,
  ) {
    super();
  }
  Greeting(who: string): string {
    return `hi ${who} from ${this.Name}`;
  }
}

describe('Template API (what the Helm and VM layers rely on)', () => {
  it('keeps Go distinctions: int vs float64, nil vs missing', () => {
    const t = Template.create('t').parse(
      '{{ .i }} {{ .f }} {{ .big }} {{ .n }} {{ .missing }} {{ printf "%T %T" .i .f }}',
    );
    expect(t.execute({ i: 3n, f: 3, big: 1234567, n: null })).toBe(
      '3 3 1.234567e+06 <no value> <no value> int float64',
    );
  });

  it('supports missingkey=zero and missingkey=error with Go messages', () => {
    const zero = Template.create('z').option('missingkey=zero').parse('{{ .a }}|{{ .m.b }}');
    expect(zero.execute({ m: {} })).toBe('<no value>|<no value>');
    const strict = Template.create('e').option('missingkey=error').parse('x{{ .a }}');
    try {
      strict.execute({});
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateExecError);
      expect((e as Error).message).toBe('template: e:1:4: executing "e" at <.a>: map has no entry for key "a"');
      expect((e as TemplateExecError).partialOutput).toBe('x');
    }
  });

  it('a failed parse changes nothing in the set', () => {
    const t = Template.create('root').parse('{{ define "a" }}A{{ end }}');
    expect(() => t.new('bad').parse('{{ define "b" }}B{{ end }}{{ if }}')).toThrow(TemplateParseError);
    expect(t.lookup('b')).toBeUndefined();
    expect(t.lookup('bad')).toBeUndefined();
    expect(t.executeTemplate('a', null)).toBe('A');
    expect(() => t.executeTemplate('zz', null)).toThrow(TemplateNotFoundError);
  });

  it('clone isolates templates and functions (Helm tpl)', () => {
    const base = Template.create('base')
      .funcs({ f: goFunc('func() string', () => 'base') })
      .parse('{{ define "x" }}{{ f }}{{ end }}');
    const c = base.clone();
    c.funcs({ f: goFunc('func() string', () => 'clone') });
    c.new('y').parse('{{ define "x" }}X2{{ f }}{{ end }}');
    expect(c.executeTemplate('x', null)).toBe('X2clone');
    expect(base.executeTemplate('x', null)).toBe('base');
    expect(base.lookup('y')).toBeUndefined();
  });

  it('context functions can call back into the set (include)', () => {
    const include = contextFunc(
      (ctx: ExecContext, name: string, data: GoValue) => ctx.template.executeTemplate(name, data),
      'func(string, interface {}) (string, error)',
    );
    const t = Template.create('root')
      .funcs({ include, ...sprigFuncMap() })
      .parse('{{ define "name" }}{{ .Name | upper }}{{ end }}{{ include "name" . | quote }}');
    expect(t.execute({ Name: 'redis' })).toBe('"REDIS"');
  });

  it('nests 1000 executeTemplate calls made by a function without overflowing', () => {
    let depth = 0;
    let t: Template;
    const include = goFunc('func(string, interface {}) (string, error)', (name: string, data: GoValue) => {
      depth++;
      try {
        return depth > 1000 ? '.' : t.executeTemplate(name, data);
      } finally {
        depth--;
      }
    });
    t = Template.create('r').funcs({ include }).parse('{{ define "rec" }}{{ include "rec" . }}{{ end }}');
    expect(t.executeTemplate('rec', null)).toBe('.');
  });

  it('exposes struct fields and methods, and methods on maps', () => {
    const files = defineGoMethods(
      { 'a.txt': 'A' },
      {
        Get: {
          sig: 'func(string) string',
          fn(this: Record<string, string>, n: string) {
            return this[n] ?? '';
          },
        },
      },
    );
    const t = Template.create('s').parse(
      '{{ .Chart.Name }}-{{ .Chart.Version }} {{ .Chart.Greeting "you" }} {{ .Files.Get "a.txt" }}',
    );
    expect(t.execute({ Chart: new Meta('redis', '1.0.0'), Files: files })).toBe('redis-1.0.0 hi you from redis A');
    // A struct reached through map[string]interface{} has static type interface {} in Go's messages.
    expect(() =>
      Template.create('s')
        .parse('{{ .Chart.Nope }}')
        .execute({ Chart: new Meta('a', 'b') }),
    ).toThrow('template: s:1:9: executing "s" at <.Chart.Nope>: can\'t evaluate field Nope in type interface {}');
    expect(() => Template.create('s').parse('{{ .Nope }}').execute(new Meta('a', 'b'))).toThrow(
      'template: s:1:3: executing "s" at <.Nope>: can\'t evaluate field Nope in type *chart.Metadata',
    );
  });

  it('rejects bad function registrations with typed errors', () => {
    expect(() => Template.create('x').funcs({ 'a-b': () => '' })).toThrow(TemplateFuncError);
    expect(() => Template.create('x').funcs({ f: goFunc('func() (string, bool)', () => '') })).toThrow(
      TemplateFuncError,
    );
  });

  it('sees functions replaced after a template already ran (lookup caches are versioned)', () => {
    const t = Template.create('f')
      .funcs({ f: goFunc('func() string', () => 'a') })
      .parse('{{ f }}');
    expect(t.execute(null)).toBe('a');
    t.funcs({ f: goFunc('func() string', () => 'b') });
    expect(t.execute(null)).toBe('b');
  });

  it('treats prototype-ish keys as ordinary map keys', () => {
    const t = Template.create('p')
      .funcs(sprigFuncMap())
      .parse(
        '{{ $d := dict "__proto__" "x" "constructor" "y" }}{{ $d }} {{ .constructor }} {{ .toString }} {{ keys $d | sortAlpha }}',
      );
    expect(t.execute({})).toBe('map[__proto__:x constructor:y] <no value> <no value> [__proto__ constructor]');
    expect(
      Object.getPrototypeOf(
        Template.create('q').funcs(sprigFuncMap()).parse('{{ dict "__proto__" 1 | deepCopy }}').execute(null),
      ),
    ).toBeDefined();
  });

  it('honours custom delimiters and trim markers', () => {
    const t = Template.create('d').delims('[[', ']]').parse('a  [[- .x -]]  b {{ .x }}');
    expect(t.execute({ x: 1n })).toBe('a1b {{ .x }}');
  });
});

describe('function names (Go goodName: a letter or _ first, then letters, digits or _)', () => {
  const fn = () => 'x';
  it.each(['a', '_', '_1', 'a1_b', 'Été', 'x\u0663', '\u03bb', 'f\u{1d7d8}'])('accepts %j', (name) => {
    expect(() => Template.create('t').funcs({ [name]: fn })).not.toThrow();
  });
  it.each(['', '1a', '\u0663x', 'a-b', 'a b', 'a.b', '$a', 'a\u00b2', '\u{1d7d8}f'])(
    "rejects %j with Go's message",
    (name) => {
      expect(() => Template.create('t').funcs({ [name]: fn })).toThrow(
        `function name ${JSON.stringify(name)} is not a valid identifier`,
      );
    },
  );
});

describe('assignability of named composite types (Go: identical underlying types, one side unnamed)', () => {
  const named = (v: Record<string, GoValue>, name: string): GoValue =>
    tagGoType(v, { kind: 'map', key: { kind: 'string' }, elem: { kind: 'any' }, name } as never);
  const t = Template.create('t').funcs({
    size: goFunc('func(map[string]interface {}) int', (m: Record<string, unknown>) => BigInt(Object.keys(m).length)),
    count: goFunc('func([]string) int', (l: string[]) => BigInt(l.length)),
  });

  it('passes a named map or slice to a parameter of its unnamed underlying type', () => {
    const data = {
      v: named({ a: 1, b: 2 }, 'pkg.Values'),
      set: tagGoType(['x', 'y'], { kind: 'slice', elem: { kind: 'string' }, name: 'pkg.Set' } as never) as GoValue,
    };
    expect(t.clone().parse('{{ size .v }} {{ count .set }}').execute(data)).toBe('2 2');
  });

  it('still refuses a named type whose underlying type differs', () => {
    const data = {
      v: named({ a: 1 }, 'pkg.Values'),
      ints: tagGoType([1n], { kind: 'slice', elem: { kind: 'int' }, name: 'pkg.Ints' } as never) as GoValue,
    };
    expect(() => t.clone().parse('{{ count .v }}').execute(data)).toThrow(
      'wrong type for value; expected []string; got pkg.Values',
    );
    expect(() => t.clone().parse('{{ count .ints }}').execute(data)).toThrow(
      'wrong type for value; expected []string; got pkg.Ints',
    );
  });
});
