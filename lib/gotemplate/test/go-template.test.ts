/**
 * Go text/template conformance: the tables of Go's exec_test.go, multi_test.go,
 * parse/parse_test.go and parse/lex_test.go (go-template-cases.json), run against
 * lib/gotemplate. Rows that need Go-only reflection are listed in EXCLUDED with the reason;
 * they are counted and reported, never silently skipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  formatValue,
  GoBytes,
  GoComplex,
  goFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  goQuote,
  isTrue,
  parseGoFloat,
  parseGoInt,
  parseGoType,
  tagGoType,
  unquoteChar,
  unquoteGo,
  type GoValue,
} from '@marina/go-runtime';
import { Template } from '../template';
import { TemplateExecError } from '../errors';
import { Item, Lexer, type Token } from '../template.lexer';
import { isEmptyTree, newNumber, parseTemplates } from '../template.parser';
import { setTextFormat } from '../parse-tree.nodes';
import { jsEscape } from '../builtin-escape.funcs';
import {
  AnonStruct,
  Buffer_,
  V,
  fVal1,
  fVal2,
  ints,
  makeTVal,
  nilPtr,
  ptrTo,
  testFuncs,
  zeroT,
} from './go-template.fixtures';

const CASES = path.resolve(__dirname, '../../../../shared/conformance/go-template-cases.json');
if (!fs.existsSync(CASES)) throw new Error(`conformance data missing: ${CASES}`);
const doc = JSON.parse(fs.readFileSync(CASES, 'utf8')) as { tables: Record<string, { rows: unknown[] }> };
const table = <R>(name: string): R[] => {
  const t = doc.tables[name];
  if (!t) throw new Error(`table ${name} missing from ${CASES}`);
  return t.rows as R[];
};

interface ExecRow {
  name: string;
  input: string;
  output: string;
  ok: boolean;
  data_json?: unknown;
  data_go?: string | null;
  data_go_type?: string;
  data_ref?: string;
  features: string[];
}

/** Rows that cannot run against a JS value model, with the reason. Keyed by "table/name/input". */
const EXCLUDED: Record<string, string> = {};
const excludeWhere = (pred: (r: ExecRow) => boolean, reason: string, rows: ExecRow[], tableName: string): void => {
  for (const r of rows) if (pred(r)) EXCLUDED[`${tableName}/${r.name}/${r.input}`] = reason;
};

function dataFor(r: ExecRow): GoValue {
  if (r.data_ref === 'tVal') return makeTVal();
  if (r.data_ref === 'tSliceOfNil') return tagGoType([nilPtr('*template.T')], '[]*template.T');
  const g = r.data_go ?? undefined;
  const typed = g ? /^(u?int\d*|uintptr)\((\d+)\)$/.exec(g) : null;
  if (typed) return typed[1] === 'int' ? BigInt(typed[2]) : new GoInt(BigInt(typed[2]), typed[1] as never);
  if (r.data_go_type === 'int') return BigInt(r.data_json as number);
  switch (g) {
    case 'nil':
      return null;
    case '15.1':
      return 15.1;
    case '[]int{-1, -2, -3}':
      return ints('[]int', -1, -2, -3);
    case 'map[string]int{"two": 22}':
      return tagGoType({ two: 22n }, 'map[string]int');
    case 'map[string]string{"cause": "neglect"}':
      return tagGoType({ cause: 'neglect' }, 'map[string]string');
    case 'map[string]any{"S": bytes.NewBufferString("foozle")}':
      return { S: new Buffer_('foozle') };
    case 'T{}':
      return zeroT();
    case '&iVal':
      return ptrTo('*template.I', makeTVal());
    case "'.'":
    case "'e'":
    case "'P'":
      return new GoInt(BigInt(g.charCodeAt(1)), 'int32');
    case '16.2 - 17i':
      return new GoComplex(16.2, -17);
    default:
      break;
  }
  if (g && g.startsWith('struct {')) return new AnonStruct();
  const seq = g ? /^fVal([12])\((\d+)\)$/.exec(g) : null;
  if (seq) return seq[1] === '1' ? fVal1(BigInt(seq[2])) : fVal2(BigInt(seq[2]));
  return r.data_json as GoValue;
}

function runExec(
  rows: ExecRow[],
  tableName: string,
  base: (() => Template) | null,
): { pass: number; excluded: number } {
  let pass = 0;
  let excluded = 0;
  for (const r of rows) {
    const key = `${tableName}/${r.name}/${r.input}`;
    if (EXCLUDED[key]) {
      excluded++;
      continue;
    }
    const root = base ? base() : null;
    const t = (root ? root.new(r.name) : Template.create(r.name)).funcs(testFuncs()).parse(r.input);
    let out: string;
    let err: unknown = null;
    try {
      out = t.execute(dataFor(r));
    } catch (e) {
      err = e;
      out = e instanceof TemplateExecError ? e.partialOutput : '';
    }
    if (r.ok && err) throw new Error(`${key}: unexpected error: ${(err as Error).message}`);
    if (!r.ok && !err) throw new Error(`${key}: expected error; got output ${JSON.stringify(out)}`);
    if (out !== r.output) throw new Error(`${key}: expected ${JSON.stringify(r.output)} got ${JSON.stringify(out)}`);
    pass++;
  }
  return { pass, excluded };
}

const counts: Record<string, string> = {};
afterAll(() => {
  const lines = Object.entries(counts).map(([k, v]) => `  ${k}: ${v}`);
  const ex = Object.entries(EXCLUDED).map(([k, v]) => `  - ${k} — ${v}`);
  process.stdout.write(
    `\nGo template conformance:\n${lines.join('\n')}\nExcluded rows (${ex.length}):\n${ex.join('\n')}\n`,
  );
});

/** Runs each row as its own assertion but collects per-row failures into one readable report. */
function expectAllPass(label: string, rows: number, failures: string[], excluded = 0): void {
  counts[label] = `${rows - failures.length - excluded}/${rows} pass${excluded ? `, ${excluded} excluded` : ''}`;
  expect(failures).toEqual([]);
}

describe('exec tables', () => {
  const execRows = table<ExecRow>('exec_test.go:execTests');

  it('execTests', () => {
    const failures: string[] = [];
    let excluded = 0;
    for (const r of execRows) {
      try {
        const res = runExec([r], 'execTests', null);
        excluded += res.excluded;
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expectAllPass('execTests', execRows.length, failures, excluded);
  });

  const multiText1 = '\n\t{{define "x"}}TEXT{{end}}\n\t{{define "dotV"}}{{.V}}{{end}}\n';
  const multiText2 = '\n\t{{define "dot"}}{{.}}{{end}}\n\t{{define "nested"}}{{template "dot" .}}{{end}}\n';
  it('multiExecTests', () => {
    const rows = table<ExecRow>('multi_test.go:multiExecTests');
    const failures: string[] = [];
    for (const r of rows) {
      try {
        runExec([r], 'multiExecTests', () => Template.create('root').parse(multiText1).parse(multiText2));
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expectAllPass('multiExecTests', rows.length, failures);
  });

  it('templateFileExecTests (testdata/tmpl1.tmpl, tmpl2.tmpl reconstructed from Go testdata)', () => {
    const rows = table<ExecRow>('multi_test.go:templateFileExecTests');
    const failures: string[] = [];
    const base = (): Template => {
      const root = Template.create('root');
      root.new('tmpl1.tmpl').parse('template1\n{{define "x"}}x{{end}}\n{{template "y"}}\n');
      root.new('tmpl2.tmpl').parse('template2\n{{define "y"}}y{{end}}\n{{template "x"}}\n');
      return root;
    };
    for (const r of rows) {
      try {
        runExec([r], 'templateFileExecTests', base);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expectAllPass('templateFileExecTests', rows.length, failures);
  });
});

describe('comparison (cmpTests)', () => {
  it('cmpTests', () => {
    const rows = table<{ expr: string; truth: string; ok: boolean }>('exec_test.go:cmpTests');
    const excluded: typeof rows = [];
    const cmpStruct = Object.assign(Object.create(AnonStruct.prototype) as AnonStruct, {
      Uthree: new GoInt(3n, 'uint'),
      Ufour: new GoInt(4n, 'uint'),
      NegOne: -1n,
      Three: 3n,
      Ptr: ptrTo('*int', 0n),
      NilPtr: nilPtr('*int'),
      NonNilMap: new GoMap(parseGoType('map[int]int')),
      Map: new GoNil(parseGoType('map[int]int')),
      V1: new V(0n, false),
      V2: new V(0n, false),
      Iface1: new Buffer_(''),
      NilIface: new GoNil(parseGoType('fmt.Stringer')),
    });
    const failures: string[] = [];
    for (const r of rows) {
      if (excluded.includes(r)) continue;
      const t = Template.create('empty').parse(`{{if ${r.expr}}}true{{else}}false{{end}}`);
      let out = '';
      let err: unknown = null;
      try {
        out = t.execute(cmpStruct);
      } catch (e) {
        err = e;
      }
      if (r.ok && err) failures.push(`${r.expr}: errored: ${(err as Error).message}`);
      else if (!r.ok && !err) failures.push(`${r.expr}: did not error`);
      else if (out !== r.truth) failures.push(`${r.expr}: want ${r.truth} got ${out}`);
    }
    expectAllPass('cmpTests', rows.length, failures, excluded.length);
  });
});

describe('parse tables', () => {
  const builtins = new Set(['printf', 'contains']);
  const parseOpts = { hasFunction: (n: string) => builtins.has(n), maxExprDepth: 3 };
  afterEach(() => setTextFormat((s) => s));

  it('parseTests (tree String() with %q text, Go test maxStackDepth lowered to 3)', () => {
    setTextFormat(goQuote);
    const rows = table<{ name: string; input: string; ok: { go: string }; result: string }>(
      'parse_parse_test.go:parseTests',
    );
    const failures: string[] = [];
    for (const r of rows) {
      const ok = r.ok.go === 'noError';
      try {
        const trees = parseTemplates(r.name, r.input, parseOpts);
        if (!ok) {
          failures.push(`${r.name}: expected error`);
          continue;
        }
        const got = trees.get(r.name)!.root.toString();
        if (got !== r.result) failures.push(`${r.name}: got ${JSON.stringify(got)} want ${JSON.stringify(r.result)}`);
      } catch (e) {
        if (ok) failures.push(`${r.name}: unexpected error ${(e as Error).message}`);
      }
    }
    expectAllPass('parseTests', rows.length, failures);
  });

  it('errorTests (message contains the expected text)', () => {
    const rows = table<{ name: string; input: string; result: string }>('parse_parse_test.go:errorTests');
    const failures: string[] = [];
    for (const r of rows) {
      try {
        parseTemplates(r.name, r.input, { hasFunction: (n) => builtins.has(n) });
        failures.push(`${r.name}: expected error`);
      } catch (e) {
        if (!(e as Error).message.includes(r.result))
          failures.push(`${r.name}: ${(e as Error).message} lacks ${r.result}`);
      }
    }
    expectAllPass('errorTests', rows.length, failures);
  });

  it('isEmptyTests', () => {
    const rows = table<{ name: string; input: string; empty: boolean }>('parse_parse_test.go:isEmptyTests');
    const failures = rows
      .filter((r) => {
        const tree = parseTemplates(r.name, r.input, { hasFunction: () => false }).get(r.name)!;
        return isEmptyTree(tree.root) !== r.empty;
      })
      .map((r) => r.name);
    expectAllPass('isEmptyTests', rows.length, failures);
  });

  it('multiParseTests', () => {
    const rows = table<{
      name: string;
      input: string;
      ok: { go: string };
      names: { go: string };
      results: { go: string };
    }>('multi_test.go:multiParseTests');
    const failures: string[] = [];
    for (const r of rows) {
      const ok = r.ok.go === 'noError';
      const names = goStrings(r.names.go);
      const results = goStrings(r.results.go);
      try {
        const t = Template.create('root').parse(r.input);
        if (!ok) {
          failures.push(`${r.name}: expected error`);
          continue;
        }
        if (t.templates().length !== names.length + 1) failures.push(`${r.name}: wrong number of templates`);
        names.forEach((n, i) => {
          const got = t.lookup(n)?.tree?.root.toString();
          if (got !== results[i]) failures.push(`${r.name}: ${n} = ${JSON.stringify(got)}`);
        });
      } catch (e) {
        if (ok) failures.push(`${r.name}: unexpected error ${(e as Error).message}`);
      }
    }
    expectAllPass('multiParseTests', rows.length, failures);
  });

  it('numberTests', () => {
    type NumRow = {
      text: string;
      isInt?: boolean;
      isUint?: boolean;
      isFloat?: boolean;
      isComplex?: boolean;
      f5?: { go: string };
      f6?: { go: string };
      f7?: { go: string };
      f8?: { go: string };
    };
    const rows = table<NumRow>('parse_parse_test.go:numberTests');
    const failures: string[] = [];
    const info = { parseName: 'x', text: '', leftDelim: '{{', rightDelim: '}}' };
    for (const r of rows) {
      const type =
        r.text[0] === "'"
          ? Item.CharConstant
          : /^[+-]?[0-9.eE_xXpP]+[+-][0-9.eE_]+i$/.test(r.text)
            ? Item.Complex
            : Item.Number;
      const n = newNumber(0, info, r.text, type);
      const shouldParse = r.isInt !== undefined;
      if (typeof n === 'string') {
        if (shouldParse) failures.push(`${r.text}: unexpected error ${n}`);
        continue;
      }
      if (!shouldParse) {
        failures.push(`${r.text}: expected error`);
        continue;
      }
      const bad: string[] = [];
      if (n.isInt !== r.isInt) bad.push('isInt');
      if (n.isUint !== r.isUint) bad.push('isUint');
      if (n.isFloat !== r.isFloat) bad.push('isFloat');
      if (n.isComplex !== r.isComplex) bad.push('isComplex');
      if (r.isInt && n.int64 !== goConstInt(r.f5!.go)) bad.push(`int64 ${n.int64}`);
      if (r.isUint && n.uint64 !== goConstInt(r.f6!.go)) bad.push(`uint64 ${n.uint64}`);
      if (r.isFloat && n.float64 !== goConstFloat(r.f7!.go)) bad.push(`float64 ${n.float64}`);
      if (r.isComplex) {
        const [re, im] = goConstComplex(r.f8!.go);
        if ((n.isFloat ? n.float64 : n.complexRe) !== re || n.complexIm !== im)
          bad.push(`complex ${n.complexRe}+${n.complexIm}i`);
      }
      if (bad.length) failures.push(`${r.text}: ${bad.join(', ')}`);
    }
    expectAllPass('numberTests', rows.length, failures);
  });
});

describe('lexer tables', () => {
  const itemTypes: Record<string, Item> = {
    itemError: Item.Error,
    itemBool: Item.Bool,
    itemChar: Item.Char,
    itemCharConstant: Item.CharConstant,
    itemComment: Item.Comment,
    itemComplex: Item.Complex,
    itemAssign: Item.Assign,
    itemDeclare: Item.Declare,
    itemEOF: Item.EOF,
    itemField: Item.Field,
    itemIdentifier: Item.Identifier,
    itemLeftDelim: Item.LeftDelim,
    itemLeftParen: Item.LeftParen,
    itemNumber: Item.Number,
    itemPipe: Item.Pipe,
    itemRawString: Item.RawString,
    itemRightDelim: Item.RightDelim,
    itemRightParen: Item.RightParen,
    itemSpace: Item.Space,
    itemString: Item.String,
    itemText: Item.Text,
    itemVariable: Item.Variable,
    itemBlock: Item.Block,
    itemBreak: Item.Break,
    itemContinue: Item.Continue,
    itemDot: Item.Dot,
    itemDefine: Item.Define,
    itemElse: Item.Else,
    itemEnd: Item.End,
    itemIf: Item.If,
    itemNil: Item.Nil,
    itemRange: Item.Range,
    itemTemplate: Item.Template,
    itemWith: Item.With,
  };
  const raw = '`abc\\n\\t\\" `';
  const rawNL = '`now is{{\n}}the time`';
  const named = (left: string, right: string): Record<string, ExpectedItem> => ({
    tDot: { type: Item.Dot, val: '.' },
    tBlock: { type: Item.Block, val: 'block' },
    tEOF: { type: Item.EOF, val: '' },
    tFor: { type: Item.Identifier, val: 'for' },
    tLeft: { type: Item.LeftDelim, val: '{{' },
    tLpar: { type: Item.LeftParen, val: '(' },
    tPipe: { type: Item.Pipe, val: '|' },
    tQuote: { type: Item.String, val: '"abc \\n\\t\\" "' },
    tRange: { type: Item.Range, val: 'range' },
    tRight: { type: Item.RightDelim, val: '}}' },
    tRpar: { type: Item.RightParen, val: ')' },
    tSpace: { type: Item.Space, val: ' ' },
    tRawQuote: { type: Item.RawString, val: raw },
    tRawQuoteNL: { type: Item.RawString, val: rawNL },
    tLeftDelim: { type: Item.LeftDelim, val: left },
    tRightDelim: { type: Item.RightDelim, val: right },
  });

  const run = (tableName: string, left: string, right: string, checkPos: boolean): void => {
    const rows = table<{ name: string; input: string | { go: string }; items: { go: string } }>(tableName);
    const failures: string[] = [];
    for (const r of rows) {
      const input = typeof r.input === 'string' ? r.input : evalGoStringExpr(r.input.go, { raw, rawNL });
      const want = parseItems(r.items.go, itemTypes, named(left, right));
      const got = new Lexer(input, left, right, { emitComment: true, breakOK: true, continueOK: true }).run();
      const same =
        got.length === want.length &&
        got.every(
          (g: Token, i: number) =>
            g.type === want[i].type &&
            g.val === want[i].val &&
            (!checkPos || (g.pos === want[i].pos && g.line === want[i].line)),
        );
      if (!same) failures.push(`${r.name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    }
    expectAllPass(tableName.split(':')[1], rows.length, failures);
  };
  it('lexTests', () => run('parse_lex_test.go:lexTests', '', '', false));
  it('lexDelimTests', () => run('parse_lex_test.go:lexDelimTests', '$$', '@@', false));
  it('lexPosTests', () => run('parse_lex_test.go:lexPosTests', '', '', true));
});

describe('other exec_test.go / multi_test.go tables', () => {
  it('TestJSEscaping', () => {
    const rows = table<{ in: string; exp: string }>('exec_test.go:TestJSEscaping.testCases');
    const failures = rows.filter((r) => jsEscape(r.in) !== r.exp).map((r) => `${r.in} → ${jsEscape(r.in)}`);
    expectAllPass('TestJSEscaping', rows.length, failures);
  });

  it('TestIsTrue', () => {
    const rows = table<{ v: unknown; want: boolean }>('exec_test.go:TestIsTrue.tests');
    const values: Record<string, GoValue> = {
      '1': 1n,
      '0': 0n,
      'uint8(1)': new GoInt(1n, 'uint8'),
      'uint8(0)': new GoInt(0n, 'uint8'),
      'float64(1.0)': 1,
      'float64(0.0)': 0,
      'complex64(1.0)': new GoComplex(1, 0),
      'complex64(0.0)': new GoComplex(0, 0),
      '[2]int{1, 2}': ints('[2]int', 1, 2),
      '[0]int{}': ints('[0]int'),
      '[]byte("abc")': GoBytes.fromString('abc'),
      '[]byte("")': GoBytes.fromString(''),
      'map[string]int{"a": 1, "b": 2}': tagGoType({ a: 1n, b: 2n }, 'map[string]int'),
      'map[string]int{}': tagGoType({}, 'map[string]int'),
      'make(chan int)': new GoPtr({ kind: 'chan', elem: { kind: 'int' } }, { value: null }),
      nil_chan: new GoPtr({ kind: 'chan', elem: { kind: 'int' } }, null),
      nil_ptr: nilPtr('*int'),
      'unsafe.Pointer(new(int))': new GoPtr({ kind: 'unsafe.Pointer' }, { value: 0n }),
      'unsafe.Pointer(nil_ptr)': new GoPtr({ kind: 'unsafe.Pointer' }, null),
    };
    const failures: string[] = [];
    let excluded = 0;
    for (const r of rows) {
      const key = typeof r.v === 'boolean' ? String(r.v) : (r.v as { go: string }).go;
      const v = typeof r.v === 'boolean' ? r.v : values[key];
      if (v === undefined) failures.push(`${key}: no JS value`);
      else if (isTrue(v).truth !== r.want) failures.push(`${key}: want ${r.want}`);
    }
    expectAllPass('TestIsTrue', rows.length, failures, excluded);
  });

  it('TestEvalFieldErrors', () => {
    const rows = table<{ name: string; src: string; value: { go: string }; want: string }>(
      'exec_test.go:TestEvalFieldErrors.tests',
    );
    const values: Record<string, () => GoValue> = {
      '(*T)(nil)': () => nilPtr('*template.T'),
      '&T{}': () => zeroT(),
      '(*map[string]string)(nil)': () => nilPtr('*map[string]string'),
      '&map[string]string{}': () => ptrTo('*map[string]string', tagGoType({}, 'map[string]string')),
    };
    const failures: string[] = [];
    for (const r of rows) {
      let got = '<nil>';
      try {
        Template.create('tmpl').parse(r.src).execute(values[r.value.go]());
      } catch (e) {
        got = (e as Error).message;
      }
      if (!got.endsWith(r.want)) failures.push(`${r.name}: ${got}`);
    }
    expectAllPass('TestEvalFieldErrors', rows.length, failures);
  });

  it('TestExecutePanicDuringCall', () => {
    const rows = table<{ name: string; input: string; wantErr: string; data_go: string }>(
      'exec_test.go:TestExecutePanicDuringCall.tests',
    );
    const failures: string[] = [];
    for (const r of rows) {
      const data = r.data_go === 'tVal' ? makeTVal() : nilPtr('*template.T');
      const funcs = {
        doPanic: goFunc('func() string', () => {
          throw new Error('custom panic string');
        }),
      };
      let got = '';
      try {
        Template.create('t').funcs(funcs).parse(r.input).execute(data);
      } catch (e) {
        got = (e as Error).message;
      }
      if (got !== r.wantErr) failures.push(`${r.name}: ${got}`);
    }
    expectAllPass('TestExecutePanicDuringCall', rows.length, failures);
  });

  it('TestFunctionCheckDuringCall', () => {
    const rows = table<{ name: string; input: string; wantErr: string; data_go: string }>(
      'exec_test.go:TestFunctionCheckDuringCall.tests',
    );
    const failures: string[] = [];
    for (const r of rows) {
      let got = '';
      try {
        Template.create('t')
          .parse(r.input)
          .execute(r.data_go === 'tVal' ? makeTVal() : null);
      } catch (e) {
        got = (e as Error).message;
      }
      if (!got.includes(r.wantErr)) failures.push(`${r.name}: ${got}`);
    }
    expectAllPass('TestFunctionCheckDuringCall', rows.length, failures);
  });

  it('TestInterfaceValues', () => {
    const rows = table<{ text: string; out: string }>('exec_test.go:TestInterfaceValues.tests');
    const failures: string[] = [];
    for (const r of rows) {
      const data = {
        PlusOne: goFunc('func(int) int', (n: bigint) => n + 1n),
        Slice: ints('[]int', 0, 1, 2, 3),
        One: 1n,
        Two: 2n,
        Nil: null,
        Zero: 0n,
      };
      let got: string;
      let err = '';
      try {
        got = Template.create('tmpl').parse(r.text).execute(data);
      } catch (e) {
        err = (e as Error).message;
        got = '';
      }
      if (r.out.startsWith('ERROR:')) {
        const want = r.out.slice(6).trim();
        if (!err.includes(want)) failures.push(`${r.text}: ${err || got}`);
      } else if (err || got !== r.out) {
        failures.push(`${r.text}: ${err || got}`);
      }
    }
    expectAllPass('TestInterfaceValues', rows.length, failures);
  });

  it('TestGoodFuncNames / TestBadFuncNames', () => {
    const good = table<string>('exec_test.go:TestGoodFuncNames.names');
    const bad = table<string>('exec_test.go:TestBadFuncNames.names');
    const failures: string[] = [];
    for (const n of good) {
      try {
        Template.create('x').funcs({ [n]: () => '' });
      } catch (e) {
        failures.push(`good ${n}: ${(e as Error).message}`);
      }
    }
    for (const n of bad) {
      let threw = false;
      try {
        Template.create('x').funcs({ [n]: () => '' });
      } catch {
        threw = true;
      }
      if (!threw) failures.push(`bad ${n} accepted`);
    }
    expectAllPass('TestGood/BadFuncNames', good.length + bad.length, failures);
  });

  it('TestAddrOfIndex', () => {
    const texts = table<string>('exec_test.go:TestAddrOfIndex.texts');
    const failures = texts.filter(
      (text) =>
        Template.create('tmpl')
          .parse(text)
          .execute(tagGoType([new V(1n, false)], '[]template.V')) !== '<1>',
    );
    expectAllPass('TestAddrOfIndex', texts.length, failures);
  });

  it('TestEmptyTemplate', () => {
    const rows = table<{ defn: { go: string }; in: string; want: string }>('multi_test.go:TestEmptyTemplate.cases');
    const failures: string[] = [];
    for (const r of rows) {
      const root = Template.create('root');
      let m: Template | null = null;
      for (const d of goStrings(r.defn.go)) m = root.new(r.in).parse(d);
      const got = m!.execute(r.in);
      if (got !== r.want) failures.push(`${r.defn.go}: ${got}`);
    }
    expectAllPass('TestEmptyTemplate', rows.length, failures);
  });

  it('TestIssue19294', () => {
    const all = table<string>('multi_test.go:TestIssue19294.all');
    const inlined: Record<string, string> = {
      stylesheet: '{{define "stylesheet"}}stylesheet{{end}}',
      xhtml: '{{block "stylesheet" .}}{{end}}',
    };
    const failures: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = Template.create('title.xhtml').parse('{{template "xhtml" .}}');
      for (const name of all) res.new(name).parse(inlined[name]);
      const got = res.execute(0n);
      if (got !== 'stylesheet') failures.push(`iteration ${i}: ${got}`);
    }
    expectAllPass('TestIssue19294', 1, failures.slice(0, 1));
  });

  it('TestDelims', () => {
    const pairs = table<string>('exec_test.go:delimPairs');
    const failures: string[] = [];
    const hello = 'Hello, world';
    for (let i = 0; i < pairs.length; i += 2) {
      const left = pairs[i];
      const right = pairs[i + 1];
      const tl = left || '{{';
      const tr = right || '}}';
      const action = `${tl}.Str${tr}`;
      const text = action + `${tl}/*comment*/${tr}` + `${tl}"${tl}"${tr}`;
      const t = Template.create('delims').delims(left, right).parse(text);
      const str = t.tree!.root.toString();
      if (str !== action + `${tl}"${tl}"${tr}`) failures.push(`String() ${str}`);
      const out = t.execute({ Str: hello });
      if (out !== hello + tl) failures.push(`exec ${out}`);
    }
    expectAllPass('TestDelims', pairs.length / 2, failures);
  });

  it('formats values like fmt for %v', () => {
    expect(formatValue(tagGoType({ b: 1n, a: [null, 2.5] }, 'map[string]interface {}'))).toBe('map[a:[<nil> 2.5] b:1]');
  });
});

// ---- helpers for Go expressions in the tables ------------------------------------------------

interface ExpectedItem {
  type: Item;
  val: string;
  pos?: number;
  line?: number;
}

/** Parses `[]string{"a", "b"}` or `nil`. */
function goStrings(expr: string): string[] {
  if (expr === 'nil') return [];
  const m = /^\[\]string\{(.*)\}$/s.exec(expr);
  if (!m) throw new Error(`unsupported Go expression ${expr}`);
  const out: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|`[^`]*`/g;
  for (const s of m[1].match(re) ?? []) out.push(unquoteGo(s)!);
  return out;
}

/** Evaluates `"{{" + raw + "}}"`-style concatenations. */
function evalGoStringExpr(expr: string, vars: Record<string, string>): string {
  return expr
    .split('+')
    .map((p) => p.trim())
    .map((p) => (p in vars ? vars[p] : unquoteGo(p)!))
    .join('');
}

/** Parses a Go `[]item{...}` literal from lex_test.go. */
function parseItems(expr: string, types: Record<string, Item>, named: Record<string, ExpectedItem>): ExpectedItem[] {
  const body = expr
    .trim()
    .replace(/^\[\]item\{/, '')
    .replace(/\}$/, '');
  const items: ExpectedItem[] = [];
  let i = 0;
  const skip = (): void => {
    while (i < body.length && /[\s,]/.test(body[i])) i++;
  };
  const readString = (): string => {
    const q = body[i];
    let j = i + 1;
    while (j < body.length && body[j] !== q) j += body[j] === '\\' && q !== '`' ? 2 : 1;
    const lit = body.slice(i, j + 1);
    i = j + 1;
    return unquoteGo(lit)!;
  };
  const readIdent = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i))!;
    i += m[0].length;
    return m[0];
  };
  for (skip(); i < body.length; skip()) {
    if (body.startsWith('mkItem(', i)) {
      i += 7;
      skip();
      const type = types[readIdent()];
      skip();
      const val = readString();
      skip();
      i++; // ')'
      items.push({ type, val });
    } else if (body[i] === '{') {
      i++;
      skip();
      const type = types[readIdent()];
      skip();
      const pos = Number(/^\d+/.exec(body.slice(i))![0]);
      i += String(pos).length;
      skip();
      const val = readString();
      skip();
      const line = Number(/^\d+/.exec(body.slice(i))![0]);
      i += String(line).length;
      skip();
      i++; // '}'
      items.push({ type, val, pos, line });
    } else {
      const id = readIdent();
      if (!named[id]) throw new Error(`unknown item ${id}`);
      items.push(named[id]);
    }
  }
  return items;
}

function goConstInt(expr: string): bigint {
  if (expr[0] === "'") return BigInt(unquoteChar(expr.slice(1), "'")!.value);
  const v = parseGoInt(expr);
  if (v !== null) return v;
  const f = parseGoFloat(expr);
  if (f !== null) return BigInt(f);
  throw new Error(`bad int expr ${expr}`);
}

function goConstFloat(expr: string): number {
  if (expr === '1 / 16.') return 1 / 16;
  if (expr[0] === "'") return unquoteChar(expr.slice(1), "'")!.value;
  const i = parseGoInt(expr);
  if (i !== null) return Number(i);
  return parseGoFloat(expr)!;
}

function goConstComplex(expr: string): [number, number] {
  const m = /^(-?[\d.]+)\s*\+\s*([\d.]+)i$/.exec(expr);
  if (m) return [Number(m[1]), Number(m[2])];
  if (expr.endsWith('i')) return [0, goConstFloat(expr.slice(0, -1))];
  return [goConstFloat(expr), 0];
}
