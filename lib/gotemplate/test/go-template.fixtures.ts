/**
 * JS mirrors of the Go fixtures in go-template-cases.json `support_go_source` (exec_test.go's
 * T, U, V, W, S, I, tVal, tSliceOfNil, iVal and the test FuncMap), built on the value model.
 */
import {
  GO_CAP,
  GoBytes,
  GoChan,
  GoComplex,
  goFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPtr,
  GoStruct,
  parseGoType,
  registerStruct,
  sprintf,
  tagGoType,
  type GoStructClass,
  type GoValue,
  type IntKind,
} from '@marina/go-runtime';
import { GoFuncError } from '../errors';
import { Template } from '../template';

export class U extends GoStruct {
  static override goTypeName = 'template.U';
  static override goMethodSigs = { TrueFalse: 'func(bool) string' };
  constructor(public V: string) {
    super();
  }
  TrueFalse(b: boolean): string {
    return b ? 'true' : '';
  }
}

export class V extends GoStruct {
  static override goTypeName = 'template.V';
  static override goMethodSigs = { String: 'func() string' };
  constructor(
    public j: bigint,
    private readonly pointer = true,
  ) {
    super();
    Object.defineProperty(this, 'pointer', { enumerable: false });
  }
  override goIsPointer(): boolean {
    return this.pointer;
  }
  String(this: V | null): string {
    return this === null ? 'nilV' : `<${this.j}>`;
  }
}

export class W extends GoStruct {
  static override goTypeName = 'template.W';
  static override goMethodSigs = { Error: 'func() string' };
  constructor(
    public k: bigint,
    private readonly pointer = true,
  ) {
    super();
    Object.defineProperty(this, 'pointer', { enumerable: false });
  }
  override goIsPointer(): boolean {
    return this.pointer;
  }
  Error(this: W | null): string {
    return this === null ? 'nilW' : `[${this.k}]`;
  }
}

/** bytes.Buffer (only its String method matters). */
export class Buffer_ extends GoStruct {
  static override goTypeName = 'bytes.Buffer';
  static override goMethodSigs = { String: 'func() string' };
  constructor(private readonly text: string) {
    super();
  }
  String(): string {
    return this.text;
  }
}

/** errors.New's *errorString. */
export class ErrorString extends GoStruct {
  static override goTypeName = 'errors.errorString';
  static override goMethodSigs = { Error: 'func() string' };
  constructor(private readonly s: string) {
    super();
  }
  Error(): string {
    return this.s;
  }
}

const FIELD_TYPES: Record<string, string> = {
  True: 'bool',
  I: 'int',
  U16: 'uint16',
  X: 'string',
  S: 'string',
  FloatZero: 'float64',
  ComplexZero: 'complex128',
  U: '*template.U',
  V0: 'template.V',
  V1: '*template.V',
  V2: '*template.V',
  W0: 'template.W',
  W1: '*template.W',
  W2: '*template.W',
  SI: '[]int',
  SICap: '[]int',
  SIEmpty: '[]int',
  SB: '[]bool',
  AI: '[3]int',
  PAI: '*[3]int',
  MSI: 'map[string]int',
  MSIone: 'map[string]int',
  MSIEmpty: 'map[string]int',
  MXI: 'map[interface {}]int',
  MII: 'map[int]int',
  MI32S: 'map[int32]string',
  MI64S: 'map[int64]string',
  MUI32S: 'map[uint32]string',
  MUI64S: 'map[uint64]string',
  MI8S: 'map[int8]string',
  MUI8S: 'map[uint8]string',
  SMSI: '[]map[string]int',
  Empty0: 'interface {}',
  Empty1: 'interface {}',
  Empty2: 'interface {}',
  Empty3: 'interface {}',
  Empty4: 'interface {}',
  NonEmptyInterface: 'template.I',
  NonEmptyInterfacePtS: '*template.I',
  NonEmptyInterfaceNil: 'template.I',
  NonEmptyInterfaceTypedNil: 'template.I',
  Str: 'fmt.Stringer',
  Err: 'error',
  PI: '*int',
  PS: '*string',
  PSI: '*[]int',
  NIL: '*int',
  UPI: 'unsafe.Pointer',
  EmptyUPI: 'unsafe.Pointer',
  BinaryFunc: 'func(string, string) string',
  VariadicFunc: 'func(...string) string',
  VariadicFuncInt: 'func(int, ...string) string',
  NilOKFunc: 'func(*int) bool',
  ErrFunc: 'func() (string, error)',
  PanicFunc: 'func() string',
  TooFewReturnCountFunc: 'func()',
  TooManyReturnCountFunc: 'func() (string, error, int)',
  InvalidReturnTypeFunc: 'func() (string, bool)',
  Tmpl: '*template.Template',
  unexported: 'int',
};

/** The T struct. Fields are own properties in declaration order. */
export class T extends GoStruct {
  static override goTypeName = 'template.T';
  static override goFieldTypes = FIELD_TYPES;
  static override goMethodSigs = {
    Method0: 'func() string',
    Method1: 'func(int) int',
    Method2: 'func(uint16, string) string',
    Method3: 'func(interface {}) string',
    Copy: 'func() *template.T',
    MAdd: 'func(int, []int) []int',
    MyError: 'func(bool) (bool, error)',
    GetU: 'func() *template.U',
  };
  [field: string]: unknown;

  Method0(): string {
    return 'M0';
  }
  Method1(a: bigint): bigint {
    return a;
  }
  Method2(a: GoInt, b: string): string {
    return sprintf('Method2: %d %s', [a, b]);
  }
  Method3(v: GoValue): string {
    return sprintf('Method3: %v', [v]);
  }
  Copy(): T {
    return Object.assign(Object.create(T.prototype) as T, this);
  }
  MAdd(a: bigint, b: GoValue[]): GoValue[] {
    return tagGoType(
      b.map((x) => (x as bigint) + a),
      '[]int',
    );
  }
  MyError(error: boolean): boolean {
    if (error) throw new GoFuncError('my error');
    return false;
  }
  GetU(this: T): GoValue {
    return this.U as GoValue;
  }
}

registerStruct(U as unknown as GoStructClass);
registerStruct(V as unknown as GoStructClass);
registerStruct(W as unknown as GoStructClass);
registerStruct(T as unknown as GoStructClass);
registerStruct(Buffer_ as unknown as GoStructClass);

const ptrType = (text: string) => parseGoType(text);
export const nilPtr = (type: string): GoPtr => new GoPtr(ptrType(type), null);
export const ptrTo = (type: string, value: GoValue): GoPtr => new GoPtr(ptrType(type), { value });
export const ints = (type: string, ...xs: number[]): GoValue[] =>
  tagGoType(
    xs.map((x) => BigInt(x)),
    type,
  );
const typedMap = (type: string, entries: [string | number, GoValue][], keyKind?: IntKind): GoMap =>
  new GoMap(
    parseGoType(type),
    entries.map(([k, v]) => [typeof k === 'number' && keyKind ? BigInt(k) : k, v]),
  );
const msi = (o: Record<string, number>): GoValue =>
  tagGoType(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, BigInt(v)])), 'map[string]int');

/** A T with every field at its zero value (`T{}` / `&T{}`). */
export function zeroT(): T {
  const t = new T();
  for (const [name, type] of Object.entries(FIELD_TYPES)) {
    const gt = parseGoType(type);
    let z: GoValue;
    switch (gt.kind) {
      case 'bool':
        z = false;
        break;
      case 'int':
        z = 0n;
        break;
      case 'uint16':
        z = new GoInt(0n, 'uint16');
        break;
      case 'string':
        z = '';
        break;
      case 'float64':
        z = 0;
        break;
      case 'complex128':
        z = new GoComplex(0, 0);
        break;
      case 'struct':
        z = name.startsWith('V') ? new V(0n, false) : new W(0n, false);
        break;
      case 'array':
        z = ints('[3]int', 0, 0, 0);
        break;
      case 'ptr':
      case 'unsafe.Pointer':
        z = new GoPtr(gt, null);
        break;
      default:
        z = null;
    }
    t[name] = z;
  }
  return t;
}

/** tVal. */
export function makeTVal(): T {
  const t = zeroT();
  const siVal = tagGoType(['a', 'b'], 'template.S');
  Object.defineProperty(siVal, Symbol.for('marina.templates.goMethods'), {
    value: { Method0: { sig: 'func() string', fn: () => 'M0' } },
    enumerable: false,
  });
  const nonEmpty = zeroT();
  nonEmpty.X = 'x';
  const sicap = ints('[]int', 0, 0, 0, 0, 0);
  Object.defineProperty(sicap, GO_CAP, { value: 10 });
  Object.assign(t, {
    True: true,
    I: 17n,
    U16: new GoInt(16n, 'uint16'),
    X: 'x',
    S: 'xyz',
    U: new U('v'),
    V0: new V(6666n, false),
    V1: new V(7777n),
    V2: nilPtr('*template.V'),
    W0: new W(888n, false),
    W1: new W(999n),
    W2: nilPtr('*template.W'),
    SI: ints('[]int', 3, 4, 5),
    SICap: sicap,
    SIEmpty: ints('[]int'),
    SB: tagGoType([true, false], '[]bool'),
    AI: ints('[3]int', 3, 4, 5),
    PAI: ptrTo('*[3]int', ints('[3]int', 3, 4, 5)),
    MSI: msi({ one: 1, two: 2, three: 3 }),
    MSIone: msi({ one: 1 }),
    MSIEmpty: msi({}),
    MXI: typedMap('map[interface {}]int', [['one', 1n]]),
    MII: typedMap('map[int]int', [[1, 1n]], 'int'),
    MI32S: typedMap(
      'map[int32]string',
      [
        [1, 'one'],
        [2, 'two'],
      ],
      'int32',
    ),
    MI64S: typedMap(
      'map[int64]string',
      [
        [2, 'i642'],
        [3, 'i643'],
      ],
      'int64',
    ),
    MUI32S: typedMap(
      'map[uint32]string',
      [
        [2, 'u322'],
        [3, 'u323'],
      ],
      'uint32',
    ),
    MUI64S: typedMap(
      'map[uint64]string',
      [
        [2, 'ui642'],
        [3, 'ui643'],
      ],
      'uint64',
    ),
    MI8S: typedMap(
      'map[int8]string',
      [
        [2, 'i82'],
        [3, 'i83'],
      ],
      'int8',
    ),
    MUI8S: typedMap(
      'map[uint8]string',
      [
        [2, 'u82'],
        [3, 'u83'],
      ],
      'uint8',
    ),
    SMSI: tagGoType([msi({ one: 1, two: 2 }), msi({ eleven: 11, twelve: 12 })], '[]map[string]int'),
    Empty0: null,
    Empty1: 3n,
    Empty2: 'empty2',
    Empty3: ints('[]int', 7, 8),
    Empty4: new U('UinEmpty'),
    NonEmptyInterface: nonEmpty,
    NonEmptyInterfacePtS: ptrTo('*template.I', siVal),
    NonEmptyInterfaceNil: new GoNil(parseGoType('template.I')),
    NonEmptyInterfaceTypedNil: nilPtr('*template.T'),
    Str: new Buffer_('foozle'),
    Err: new ErrorString('erroozle'),
    PI: ptrTo('*int', 23n),
    PS: ptrTo('*string', 'a string'),
    PSI: ptrTo('*[]int', ints('[]int', 21, 22, 23)),
    NIL: nilPtr('*int'),
    UPI: new GoPtr({ kind: 'unsafe.Pointer' }, { value: 23n }),
    EmptyUPI: new GoPtr({ kind: 'unsafe.Pointer' }, null),
    BinaryFunc: goFunc('func(string, string) string', (a: string, b: string) => `[${a}=${b}]`),
    VariadicFunc: goFunc('func(...string) string', (...s: string[]) => `<${s.join('+')}>`),
    VariadicFuncInt: goFunc('func(int, ...string) string', (a: bigint, ...s: string[]) => `${a}=<${s.join('+')}>`),
    NilOKFunc: goFunc('func(*int) bool', (s: GoPtr) => s.isNil),
    ErrFunc: goFunc('func() (string, error)', () => 'bla'),
    PanicFunc: goFunc('func() string', () => {
      throw new Error('test panic');
    }),
    TooFewReturnCountFunc: goFunc('func()', () => undefined),
    TooManyReturnCountFunc: goFunc('func() (string, error, int)', () => ''),
    InvalidReturnTypeFunc: goFunc('func() (string, bool)', () => ''),
    Tmpl: Template.create('x').parse('test template'),
    unexported: 0n,
  });
  return t;
}

/** The FuncMap of testExecute. */
export function testFuncs(): Record<string, (...a: never[]) => unknown> {
  return {
    add: goFunc('func(...int) int', (...args: bigint[]) => args.reduce((s, x) => s + x, 0n)),
    count: goFunc('func(int) chan string', (n: bigint) =>
      n === 0n
        ? new GoNil(parseGoType('chan string'))
        : new GoChan(parseGoType('string'), [...'abcdefghijklmnop'.slice(0, Number(n))]),
    ),
    dddArg: goFunc('func(int, ...string) string', (a: bigint, ...b: string[]) => `${a} [${b.join(' ')}]\n`),
    die: goFunc('func() bool', () => {
      throw new Error('die');
    }),
    echo: goFunc('func(interface {}) interface {}', (a: GoValue) => a),
    makemap: goFunc('func(...string) map[string]string', (...arg: string[]) => {
      if (arg.length % 2 !== 0) throw new Error('bad makemap');
      const m: Record<string, GoValue> = {};
      for (let i = 0; i < arg.length; i += 2) m[arg[i]] = arg[i + 1];
      return tagGoType(m, 'map[string]string');
    }),
    mapOfThree: goFunc('func() interface {}', () => tagGoType({ three: 3n }, 'map[string]int')),
    oneArg: goFunc('func(string) string', (a: string) => 'oneArg=' + a),
    returnInt: goFunc('func() int', () => 7n),
    stringer: goFunc('func(fmt.Stringer) string', (s: Buffer_) => s.String()),
    twoArgs: goFunc('func(string, string) string', (a: string, b: string) => 'twoArgs=' + a + b),
    typeOf: goFunc('func(interface {}) string', (a: GoValue) => sprintf('%T', [a])),
    valueString: goFunc('func(string) string', () => 'value is ignored'),
    vfunc: goFunc('func(template.V, *template.V) string', () => 'vfunc'),
    zeroArgs: goFunc('func() string', () => 'zeroArgs'),
  };
}

/** `struct { a int; b string }{7, "seven"}` */
export class AnonStruct extends GoStruct {
  static override goTypeName = 'struct { a int; b string }';
  a = 7n;
  b = 'seven';
  override goIsPointer(): boolean {
    return false;
  }
}

export { GoBytes };

/** fVal1(n): an iter.Seq[int] yielding 0..n-1. */
export const fVal1 = (n: bigint) =>
  goFunc('func(func(int) bool)', (yieldFn: (i: bigint) => boolean) => {
    for (let i = 0n; i < n; i++) if (!yieldFn(i)) break;
  });

/** fVal2(n): an iter.Seq2[int, int] yielding (i, i+1) for i in 0..n-1. */
export const fVal2 = (n: bigint) =>
  goFunc('func(func(int, int) bool)', (yieldFn: (i: bigint, c: bigint) => boolean) => {
    for (let i = 0n; i < n; i++) if (!yieldFn(i, i + 1n)) break;
  });
