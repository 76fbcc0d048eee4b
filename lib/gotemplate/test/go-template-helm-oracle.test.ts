/**
 * Differential test against the real Go implementation: ~200 expressions (fmt verbs and float
 * formatting, value printing, comparisons, Sprig functions) are rendered by the real helm 3.17.3
 * binary (`helm template` on a generated chart) and by lib/gotemplate with the same values, and the
 * outputs must be byte-identical. Values come from YAML, so numbers are float64 as in Helm.
 * Functions Helm overrides (fromJson, toYaml, include, tpl, required, lookup…) are not exercised.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { goFunc, type GoValue } from '@marina/go-runtime';
import { sprigFuncMap } from '../sprig/index';
import { Template } from '../template';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTools } = require('../../../scripts/tools') as { ensureTools: () => { helm: string } };

const VALUES = `
int: 42
big: 1234567
float: 3.14159
million: 1000000
tiny: 0.000012
neg: -7
str: "hello world"
quoted: 'say "hi" <b>&'
bool: true
list: [1, "two", 3.5, null, true]
map: {b: 2, a: [x, y], c: {d: null}}
empty: ""
zero: 0
nested: {deep: {er: value}}
name: My-Release_Name
ver: v1.30.0
csv: "a,b,,c"
unicode: "héllo wörld ✓"
`;

const EXPRS: string[] = [
  '.Values.int',
  '.Values.big',
  '.Values.float',
  '.Values.million',
  '.Values.tiny',
  '.Values.neg',
  '.Values.list',
  '.Values.map',
  '.Values.bool',
  '.Values.missing',
  '.Values.map.c.d',
  '.Values.nested',
  '.Values.unicode',
  'printf "%d" .Values.int',
  'printf "%v|%s|%q" .Values.str .Values.str .Values.quoted',
  'printf "%5.2f|%-8s|%08.3f|%x|%X|%o" .Values.float "ab" .Values.neg 255 255 8',
  'printf "%e|%E|%g|%G" .Values.million .Values.tiny .Values.big 1e21',
  'printf "%t %v" .Values.bool .Values.map',
  'printf "%+d|% d|%+.1e" 5 5 12345.678',
  'printf "%T %T %T %T %T" .Values.int 1 .Values.list .Values.map .Values.str',
  'printf "%6.2f%%" 99.5',
  'printf "%s" .Values.list',
  'printf "%v" (list 1 2.5 "x" nil)',
  'printf "%d %s" 1',
  'printf "%d" 1 2',
  'printf "%c|%U|%#U" 65 0x1F600 0x263A',
  'printf "%08b" 5',
  'printf "%.3s" "abcdef"',
  'printf "%q" \'x\'',
  'printf "%#v" .Values.str',
  'printf "%.0f|%.0f|%.0f" 2.5 3.5 -2.5',
  'printf "%.2f" 0.125',
  'printf "%.1f" 0.05',
  'printf "%.3g" 1234.5678',
  'printf "%g" 100000.0',
  'printf "%v" 1e20',
  'printf "%v" 123456789.0',
  'printf "%f" 1e21',
  'printf "%.10f" 0.1',
  'printf "%v %v" 1e-5 0.0001',
  'printf "%10.4v|%-10v|" .Values.float .Values.int',
  'printf "%x" .Values.str',
  'printf "% x" "hi"',
  'printf "%s" .Values.int',
  'printf "%d" .Values.str',
  'printf "%v" .Values.nested.deep',
  'printf "%+v" .Values.map',
  'printf "%05d|%-5d|%5d" 42 42 -42',
  'printf "%.2f" .Values.million',
  'printf "%v" 0.1',
  'printf "%v" 2.0',
  'printf "%6.3v" "abcdef"',
  'printf "%[2]s %[1]s" "a" "b"',
  'printf "%*d" 5 42',
  'printf "%!"',
  'printf "%z" 1',
  'quote .Values.int',
  'quote .Values.missing',
  'squote .Values.float',
  'quote "a\\"b" 1 nil',
  'toString .Values.million',
  'toString .Values.list',
  'int .Values.float',
  'int64 "0x1F"',
  'float64 "1e3"',
  'atoi "12"',
  'add 1 .Values.int',
  'sub .Values.big 7',
  'mul 3 .Values.float',
  'div 7 2',
  'mod 7 3',
  'max 1 5 3',
  'min 4 2',
  'maxf 1.5 2.5',
  'minf 1.5 "0.5"',
  'addf 0.1 0.2',
  'mulf 1.1 3',
  'divf 10 4',
  'divf 1 3',
  'subf 1 0.9',
  'round 3.14159 2',
  'round 2.5 0',
  'ceil 1.2',
  'floor -1.2',
  'add1 .Values.float',
  'add1f 1.1',
  'trunc 5 .Values.str',
  'trunc -5 .Values.str',
  'substr 1 4 .Values.str',
  'upper .Values.str',
  'lower "ÀB"',
  'title .Values.str',
  'untitle "Hello World"',
  'trim "  x  "',
  'trimSuffix "d" .Values.str',
  'trimPrefix "he" .Values.str',
  'trimAll "$" "$$x$"',
  'replace " " "-" .Values.str',
  'indent 2 "a\\nb"',
  'nindent 4 "x"',
  'repeat 3 "ab"',
  'contains "wor" .Values.str',
  'hasPrefix "he" .Values.str',
  'hasSuffix "x" .Values.str',
  'snakecase "FirstName"',
  'snakecase "HTTPServer"',
  'camelcase "http_server"',
  'kebabcase "MyName"',
  'swapcase "Hello World"',
  'initials "First Try"',
  'abbrev 8 .Values.str',
  'abbrevboth 5 10 "1234 5678 9123"',
  'wrap 5 .Values.str',
  'wrapWith 5 "|" .Values.str',
  'nospace .Values.str',
  'plural "one" "many" 2',
  'sha256sum .Values.str',
  'sha1sum "x"',
  'sha512sum ""',
  'adler32sum "x"',
  'b64enc .Values.unicode',
  'b64dec "aGVsbG8="',
  'b64dec "not base64!"',
  'b32enc "hi"',
  'b32dec "NBUQ===="',
  'toJson .Values.map',
  'toPrettyJson .Values.list',
  'toRawJson .Values.quoted',
  'toJson .Values.quoted',
  'toJson .Values.million',
  'toJson .Values.tiny',
  'fromJson "{\\"a\\": [1, 2.5]}"',
  'list 1 2 3 | join ","',
  'splitList "," .Values.csv',
  'split "," .Values.csv',
  'join "-" (list "a" 1 2.5)',
  'sortAlpha (list "b" "a" "C")',
  'uniq (list 1 1 2)',
  'compact (list "" "a" 0 nil)',
  'first .Values.list',
  'last .Values.list',
  'rest .Values.list',
  'initial (list 1 2 3)',
  'reverse (list 1 2 3)',
  'without (list 1 2 3) 2',
  'has 2 (list 1 2)',
  'has 2.0 .Values.list',
  'concat (list 1) (list 2 3)',
  'slice (list 1 2 3 4) 1 3',
  'chunk 2 (list 1 2 3)',
  'until 3',
  'untilStep 1 10 3',
  'seq 5',
  'seq 2 -1 -2',
  'dict "a" 1 "b" "x"',
  'keys (dict "b" 1 "a" 2) | sortAlpha',
  'values (dict "a" 1)',
  'pick .Values.map "a"',
  'omit .Values.map "a"',
  'get .Values.map "b"',
  'get .Values.map "zz"',
  'hasKey .Values.map "c"',
  'pluck "a" (dict "a" 1) (dict "a" 2)',
  'dig "c" "d" "def" .Values.map',
  'dig "x" "y" "def" .Values.map',
  'merge (dict "a" 1) (dict "a" 2 "b" 3)',
  'mergeOverwrite (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "y" 2))',
  'deepCopy .Values.map',
  'default "def" .Values.empty',
  'default "def" .Values.zero',
  'default "def" .Values.int',
  'empty .Values.map',
  'empty .Values.missing',
  'coalesce .Values.empty .Values.zero "x"',
  'ternary "y" "n" .Values.bool',
  'all 1 "a" true',
  'any 0 "" nil',
  'typeOf .Values.int',
  'typeOf .Values.list',
  'typeOf .Values.map',
  'typeOf 1',
  'typeOf (add 1 2)',
  'typeOf (splitList "," "a")',
  'kindOf .Values.str',
  'kindOf .Values.missing',
  'kindIs "float64" .Values.int',
  'typeIs "string" .Values.str',
  'deepEqual (list 1 2) (list 1 2)',
  'regexMatch "^h.*d$" .Values.str',
  'regexFind "[a-z]+" .Values.name',
  'regexFindAll "[A-Z]" .Values.name -1',
  'regexReplaceAll "(\\\\w+)_(\\\\w+)" .Values.name "${2}-$1"',
  'regexReplaceAll "a*" "baaac" "X"',
  'regexReplaceAllLiteral "_" .Values.name "$1"',
  'regexSplit "[-_]" .Values.name -1',
  'regexSplit "" "abc" -1',
  'regexQuoteMeta "a.b*c"',
  'semverCompare ">=1.19-0" .Values.ver',
  'semverCompare "^1.2.0" "1.3.4"',
  'semverCompare "~1.2" "1.3.0"',
  'semverCompare ">1.2 <2 || =3.0.0" "3.0.0"',
  'semverCompare "1.2 - 1.4" "1.4.5"',
  'semverCompare ">=1.19" "v1.30.0-gke.1"',
  '(semver "1.2.3-beta+meta").Prerelease',
  'semver "v1.2"',
  '(semver "2.0.0").Compare (semver "1.9.9")',
  'urlParse "https://user@host:8080/p/a?q=1#f"',
  'urlJoin (dict "scheme" "https" "host" "h" "path" "/x" "query" "a=1")',
  'base "/a/b.txt"',
  'dir "/a/b.txt"',
  'ext "a.tar.gz"',
  'clean "a//b/../c"',
  'isAbs "/x"',
  'toDate "2006-01-02" "2017-12-31" | date "02 Jan 06 15:04 MST"',
  'unixEpoch (toDate "2006-01-02" "2020-01-01")',
  'dateModify "24h" (toDate "2006-01-02" "2020-01-01") | date "2006-01-02"',
  'dateInZone "2006-01-02 15:04 -0700" (toDate "2006-01-02" "2020-01-01") "Asia/Kolkata"',
  'duration "3661"',
  'durationRound "25h"',
  'toDecimal "0777"',
  'len .Values.str',
  'len .Values.unicode',
  'len .Values.list',
  'index .Values.list 1',
  'index .Values.map "b"',
  'index .Values.map "nope"',
  'eq .Values.int 42.0',
  'lt .Values.neg 0.0',
  'eq .Values.str "hello world"',
  'ne 1 2',
  'and .Values.bool .Values.empty',
  'or .Values.empty "x"',
  'not .Values.zero',
  'html .Values.quoted',
  'js .Values.quoted',
  'urlquery .Values.quoted',
  'print 1 2 "a" 3 nil',
  'println "a" 1',
  'cat "a" .Values.int nil "b"',
  'trunc 63 (printf "%s-%s" .Values.name "suffix")',
  'list 1 2 3 | len',
  'toStrings (list 1 nil "a")',
  'mustRegexSplit "," "a,b" 1',
  'sortAlpha .Values.list',
  'hello',
  // unicode, bytes and edge cases
  'trunc 3 .Values.unicode',
  'substr 0 2 .Values.unicode',
  'title .Values.unicode',
  'upper .Values.unicode',
  'swapcase .Values.unicode',
  'abbrev 6 .Values.unicode',
  'printf "%-12s|%12q|" .Values.unicode "✓"',
  'toJson "line\\u2028sep\\ttab\\u0001ctl"',
  'toPrettyJson (dict "z" (list 1 (dict "b" nil)) "a" "x")',
  'regexReplaceAll "(?i)HELLO" .Values.str "bye"',
  'regexReplaceAll "(?P<first>[a-z]+) (?P<second>[a-z]+)" .Values.str "${second} $first"',
  'regexReplaceAll "([a-z])" "ab" "$1x"',
  'regexFindAll "a*" "baaab" -1',
  'regexSplit "a" "banana" 2',
  'regexFind "(?m)^w.*$" "hello\\nworld"',
  'snakecase "Bld4Floor"',
  'snakecase "already_snake"',
  'snakecase "Some-Kebab Case"',
  'kebabcase "HTTPServer"',
  'camelcase "hello-world_x"',
  'camelcase "__x"',
  'semverCompare "^0.2.3" "0.3.0"',
  'semverCompare "~1.2.3" "1.2.9"',
  'semverCompare ">1.2" "1.2.9"',
  'semverCompare "!=1.2.x" "1.2.5"',
  'semverCompare "*" "4.5.6"',
  'semverCompare "<=1.2" "1.2.9"',
  'semverCompare "^1.x" "1.9.0"',
  'semverCompare "1.2.3 || >=2.0.0 <3" "2.5.0"',
  'date "Mon Jan _2 15:04:05.000 MST 2006" (toDate "2006-01-02" "2021-03-04")',
  'toDate "2006-01-02T15:04:05Z07:00" "2021-03-04T05:06:07+02:00" | date "2006-01-02 15:04 -0700"',
  'dateInZone "Jan 2, 2006 at 3:04pm (MST)" (toDate "2006-01-02" "2021-07-04") "America/New_York"',
  'htmlDateInZone (toDate "2006-01-02" "2021-07-04") "Asia/Tokyo"',
  'duration (int64 90)',
  'duration 90',
  'durationRound "-3h5m"',
  'durationRound "800h"',
  'printf "%v" (dict "a" (list 1 (dict "b" nil)))',
  'printf "%d" (len .Values.list)',
  'toString 1e6',
  '.Values.million | int | toString',
  'mul .Values.float 100 | int',
  'sortAlpha (list "é" "e" "Z" "a" "_")',
  'uniq (list 1 1.0 "1" .Values.int 42.0)',
  'has 1 (list 1.0)',
  'quote "tab\\there" "new\\nline" "uni✓" "\\x00"',
  'squote nil "a"',
  'join "," .Values.list',
  'index "abc" 1',
  'slice .Values.list 1',
  'printf "%v" (slice .Values.list 1 2)',
  'print (index .Values.list 3)',
  'eq .Values.list nil',
  'ternary 1 2 (eq .Values.str "x")',
  'printf "%x|%o|%b" -255 -8 5',
  'printf "%X" "hi"',
  'printf "%5t|%-6v|" true false',
  'printf "%.2s|%.0d|%.3d" "abc" 0 7',
  'printf "%+q" "é"',
  'printf "%#x|%#o" 255 8',
  'printf "%v" .Values',
  'add .Values.float 1',
  'sub 1 .Values.tiny',
  'int "12.00"',
  'int "1e3"',
  'float64 "abc"',
  'atoi "-5"',
  'atoi "5x"',
  'int64 .Values.neg',
  'div -7 2',
  'mod -7 3',
  'biggest .Values.neg -10',
  'round -2.5 0',
  'round 1.005 2',
  'floor 2',
  'seq 0',
  'seq -2',
  'until -3',
  'untilStep 10 1 -4',
  'chunk 3 (list)',
  'concat (list) (list)',
  'compact (list)',
  'rest (list)',
  'first (list)',
  'initial (list 1)',
  'reverse (list)',
  'dict',
  'keys (dict)',
  'pick (dict) "a"',
  'merge (dict) (dict "a" (list 1))',
  'mergeOverwrite (dict "a" (list 1 2)) (dict "a" (list 3))',
  'merge (dict "a" "") (dict "a" "x")',
  'merge (dict "a" false) (dict "a" true)',
  'mergeOverwrite (dict "a" true) (dict "a" false)',
  'toStrings .Values.map',
  'splitn "," 2 .Values.csv',
  'nindent 0 "a\\nb"',
  'repeat 0 "x"',
  'replace "" "-" "ab"',
  'trimAll " ab" " abxba "',
  'trunc 0 "x"',
  'abbrev 3 "abcdef"',
  'wrap 1 "a b c"',
  'wrapWith 3 "\\n" "abcdefg"',
  'initials ""',
  'nospace " \\t\\n "',
  'b64dec "YWJj"',
  'b32dec "x"',
  'urlParse "mailto:a@b.c"',
  'urlParse "/rel/path?x=1"',
  'urlJoin (dict "scheme" "mailto" "opaque" "a@b.c")',
  'base ""',
  'base "/"',
  'dir ""',
  'dir "a"',
  'ext ".hidden"',
  'clean "../../a/./b/"',
  'clean "/../x"',
  'typeOf (dict)',
  'typeOf (list)',
  'typeOf nil',
  'typeOf .Values.missing',
  'typeOf (semver "1.0.0")',
  'kindOf (semver "1.0.0")',
  'typeOf (toDate "2006" "2020")',
  'kindOf 1',
  'kindOf (list)',
  'kindOf .Values.bool',
  'deepEqual .Values.int 42',
  'deepEqual .Values.map .Values.map',
  'empty (list)',
  'empty (dict)',
  'empty false',
  'toJson (fromJson "{\\"b\\":1,\\"a\\":2}")',
  'semver "1.2.3-rc.1+b" | toJson',
  'genCA "x" 1 | typeOf',
  'toJson 0.1',
  'toJson 1e21',
  'toJson 1e-7',
  'toJson -0.0',
  'toJson (list nil true "x")',
  'toJson .Values.unicode',
];

const tplFor = (exprs: string[]): string =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: oracle',
    'data:',
    ...exprs.map((e, i) => `  e${i}: {{ print (${e}) | toJson }}`),
  ].join('\n') + '\n';

/** Runtime errors: Helm prints Go's ExecError text unchanged (only fail/required are reformatted). */
const ERROR_EXPRS: string[] = [
  '.Values.map.c.d.e',
  '.Values.missing.x',
  '.Values.str.foo',
  '.Values.map.b.c',
  'eq .Values.int 1',
  'index .Values.list 10',
  'index .Values.map 1',
  'trunc "x" "y"',
  'trunc .Values.int "abc"',
  'len 3',
  'len .Values.missing',
  'lt "a" 1',
  'print (nil)',
  'slice .Values.list 3 1',
  'printf',
  'printf 1',
  '$.Values.list.x',
  '.Values.list.x',
  'add1 1 2',
  'and',
  'call .Values.str',
  'template "nope"',
  'mustFirst 1',
  'first .Values.int',
  'dict "a" | set nil "b" 1',
  'semverCompare "x" "1.0.0"',
  'semver "bad"',
  'div 1 0',
  'regexFind "(" "x"',
  'dig "a" "b" "x" (dict "a" "s")',
  'b64enc 1',
  'repeat -1 "x"',
  'substr 4 1 "abc"',
];

/**
 * Control structures, variables, scoping and whitespace trimming in one named template.
 * (`range` over an integer is left out: helm 3.17.3 is built with a Go release before range-over-int,
 * while the Go 1.27 conformance tables require it; the engine follows the newer Go.)
 */
const CONSTRUCTS = `{{- define "x" -}}
{{- $root := . -}}
{{- range $k, $v := .Values.map }}
k={{ $k }} v={{ $v }} t={{ typeOf $v }}
{{- end }}
{{- range $i, $e := .Values.list }}{{ if $e }}[{{ $i }}:{{ $e }}]{{ else }}[{{ $i }}:empty]{{ end }}{{ end }}
{{ with .Values.nested.deep }}{{ .er }}{{ else }}none{{ end }}
{{ with .Values.missing }}x{{ else with .Values.str }}{{ . }}{{ end }}
{{- $x := 1 }}{{ range .Values.list }}{{ $x = add $x 1 }}{{ end }}x={{ $x }}
{{ range $i, $e := until 5 }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ $e }}{{ end }}
{{ range until 5 }}{{ if eq (mod . 2) 0 }}{{ continue }}{{ end }}{{ . }}{{ end }}
{{ block "blk" . }}default-block {{ .Values.int }}{{ end }}
{{ template "y" (dict "a" 1 "b" .Values.str) }}
{{- /* a comment */ -}}
{{ if and .Values.bool (not .Values.empty) }}A{{ else if .Values.zero }}B{{ else }}C{{ end }}
{{ range .Values.map.a }}-{{ . }}{{ end }}
{{ len .Values.map }} {{ index .Values.map.a 1 }} {{ .Values.map.c.d }} {{ .Values.nope }}
{{ range $k, $v := dict "z" 1 "a" 2 "m" 3 }}{{ $k }}{{ $v }},{{ end }}
{{ printf "%v" $root.Values.int }} {{ $.Values.str | upper | quote }}
{{- $m := dict "k" (list 1 2) }}{{ $_ := set $m "k2" "v" }} {{ $m }} {{ hasKey $m "k2" }}
{{ if not .Values.list }}empty{{ else }}{{ len .Values.list }} items{{ end }}
{{- range $k, $v := .Values.nested }}{{ range $k2, $v2 := $v }} {{ $k }}.{{ $k2 }}={{ $v2 }}{{ end }}{{ end }}
{{ tpl "{{ .Values.str }}" $ | default "tpl-unavailable" }}
{{- end -}}
{{- define "y" -}}y:{{ .a }}/{{ .b }}{{- end -}}
`;

describe('differential test against the real helm 3.17.3 binary', () => {
  let helmOut: Record<string, string> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marina-oracle-'));

  beforeAll(() => {
    const { helm } = ensureTools();
    fs.mkdirSync(path.join(dir, 'oracle/templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'oracle/Chart.yaml'), 'apiVersion: v2\nname: oracle\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(dir, 'oracle/values.yaml'), VALUES);
    fs.writeFileSync(path.join(dir, 'oracle/templates/cm.yaml'), tplFor(EXPRS));
    const r = spawnSync(helm, ['template', 'rel', path.join(dir, 'oracle')], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', HOME: dir },
      timeout: 120000,
    });
    if (r.status !== 0) {
      const line = Number(/cm\.yaml:(\d+)/.exec(r.stderr)?.[1] ?? 0);
      const text = fs.readFileSync(path.join(dir, 'oracle/templates/cm.yaml'), 'utf8').split('\n')[line - 1];
      throw new Error(`helm template failed (${r.status}): ${r.stderr} (line: ${JSON.stringify(text)})`);
    }
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { data?: Record<string, string> });
    helmOut = docs.find((d) => d && d.data)!.data!;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails with the same error text as Go', () => {
    const { helm } = ensureTools();
    const values = parseYaml(VALUES, { version: '1.1' }) as GoValue;
    const failures: string[] = [];
    for (const e of ERROR_EXPRS) {
      const text = `a: {{ ${e} }}\n`;
      fs.writeFileSync(path.join(dir, 'oracle/templates/cm.yaml'), text);
      const r = spawnSync(helm, ['template', 'rel', path.join(dir, 'oracle')], {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC', HOME: dir },
        timeout: 120000,
      });
      const theirs = r.status === 0 ? 'no error' : r.stderr.split('\n')[0];
      let ours = 'no error';
      try {
        Template.create('oracle/templates/cm.yaml')
          .funcs(sprigFuncMap())
          .option('missingkey=zero')
          .parse(text)
          .execute({ Values: values });
      } catch (err) {
        const m = (err as Error).message;
        ours =
          'Error: ' +
          (m.startsWith('template: oracle/templates/cm.yaml:1: ')
            ? `parse error at (oracle/templates/cm.yaml:1): ${m.slice('template: oracle/templates/cm.yaml:1: '.length)}`
            : m);
      }
      if (ours !== theirs) failures.push(`${e}\n   helm: ${theirs}\n   ours: ${ours}`);
    }
    process.stdout.write(
      `\nhelm error oracle: ${ERROR_EXPRS.length - failures.length}/${ERROR_EXPRS.length} messages identical\n`,
    );
    expect(failures).toEqual([]);
  }, 120000);

  it('renders control structures, variables and trimming exactly like Go', () => {
    const { helm } = ensureTools();
    fs.writeFileSync(path.join(dir, 'oracle/templates/_x.tpl'), CONSTRUCTS);
    fs.writeFileSync(
      path.join(dir, 'oracle/templates/cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  out: {{ include "x" . | toJson }}\n',
    );
    const r = spawnSync(helm, ['template', 'rel', path.join(dir, 'oracle')], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', HOME: dir },
      timeout: 120000,
    });
    fs.rmSync(path.join(dir, 'oracle/templates/_x.tpl'));
    if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
    const theirs = (
      parseAllDocuments(r.stdout)
        .map((d) => d.toJS())
        .find((d) => d?.data) as { data: { out: string } }
    ).data.out;
    const values = parseYaml(VALUES, { version: '1.1' }) as GoValue;
    const t = Template.create('oracle')
      .funcs({
        ...sprigFuncMap(),
        // Helm's tpl, enough for this template: parse in a clone and execute with the given data
        tpl: goFunc('func(string, interface {}) (string, error)', (text: string, data: GoValue) =>
          t.clone().new('tpl').parse(text).execute(data),
        ),
      })
      .option('missingkey=zero');
    t.parse(CONSTRUCTS);
    const ours = t.new('main').parse('{{ template "x" . }}').execute({ Values: values });
    expect(ours).toBe(theirs);
  });

  it('renders every expression exactly like Go', () => {
    process.env.TZ = 'UTC';
    const values = parseYaml(VALUES, { version: '1.1' }) as GoValue; // Helm reads values as YAML 1.1 (y = true)
    const failures: string[] = [];
    EXPRS.forEach((e, i) => {
      let ours: string;
      try {
        ours = Template.create('t')
          .funcs(sprigFuncMap())
          .option('missingkey=zero')
          .parse(`{{ print (${e}) }}`)
          .execute({ Values: values });
      } catch (err) {
        ours = `ERROR ${(err as Error).message}`;
      }
      if (ours !== helmOut[`e${i}`])
        failures.push(`${e}\n   helm: ${JSON.stringify(helmOut[`e${i}`])}\n   ours: ${JSON.stringify(ours)}`);
    });
    process.stdout.write(`\nhelm oracle: ${EXPRS.length - failures.length}/${EXPRS.length} expressions identical\n`);
    expect(failures).toEqual([]);
  });
});
