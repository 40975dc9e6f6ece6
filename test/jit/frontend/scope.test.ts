/**
 * Scope analysis tables: what each identifier resolves to (global slot, a function's frame
 * slot, or a builtin), the check the compiler must emit, frame and globals layout.
 * Each reference prints as `name line:col access target[ check]`, in source order.
 */

import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../jit/frontend/parse.js';
import type { Binding, Reference, Resolution, ScopeInfo } from '../../../jit/frontend/scope.js';
import { checkSubset } from '../../../jit/frontend/subset.js';

function analyze(source: string): ScopeInfo {
  return checkSubset(parseProgram(source, 'f.js'), 'f.js');
}

function target(r: Resolution): string {
  if (r.kind === 'builtin') return 'builtin';
  return `${r.storage === 'global' ? 'global' : r.owner.name}#${r.slot} ${r.kind}`;
}

const ACCESS = { read: 'r', write: 'w', 'read-write': 'rw' } as const;

function show(ref: Reference): string {
  const { line, column } = ref.node.loc?.start ?? { line: 0, column: -1 };
  const check = ref.check === 'none' ? '' : ` ${ref.check}`;
  return `${ref.node.name} ${line}:${column + 1} ${ACCESS[ref.access]} ${target(ref.resolution)}${check}`;
}

function references(source: string): string[] {
  return [...analyze(source).references.values()].sort((a, b) => a.node.start - b.node.start).map(show);
}

/** [what it shows, source, every reference]. */
const RESOLUTIONS: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'globals, parameters, a function as callee',
    'var g = 1;\nfunction f(p) {\n  return p + g;\n}\nf(g);',
    ['p 3:10 r f#0 param', 'g 3:14 r global#0 var', 'f 5:1 r global#1 function', 'g 5:3 r global#0 var'],
  ],
  [
    'block scoping: every let gets its own slot, shadowing resolves innermost',
    'function f(a) {\n  let b = a;\n  {\n    let b = 2;\n    a = b;\n  }\n  return b;\n}',
    ['a 2:11 r f#0 param', 'a 5:5 w f#0 param', 'b 5:9 r f#2 let', 'b 7:10 r f#1 let'],
  ],
  [
    'var is function-scoped and hoisted',
    'function f() {\n  x = 1;\n  if (x) {\n    var x = 2;\n  }\n  return x;\n}',
    ['x 2:3 w f#0 var', 'x 3:7 r f#0 var', 'x 6:10 r f#0 var'],
  ],
  [
    'loop lets at the top level live in the script frame, one slot per binding',
    'for (let i = 0; i < 2; i++) {\n  let j = i;\n  print(j);\n}\nfor (let i = 0; i < 1; i++) {}',
    [
      'i 1:17 r <script>#0 let', 'i 1:24 rw <script>#0 let', 'i 2:11 r <script>#0 let', 'print 3:3 r builtin',
      'j 3:9 r <script>#1 let', 'i 5:17 r <script>#2 let', 'i 5:24 rw <script>#2 let',
    ],
  ],
  [
    'implicit globals: a defined check where the global may not exist yet',
    'function inc() {\n  count = count + 1;\n}\ncount = 0;\ninc();\nfunction show() {\n  print(total);\n}\nshow();\ntotal = 1;',
    [
      'count 2:3 w global#2 implicit', 'count 2:11 r global#2 implicit', 'count 4:1 w global#2 implicit',
      'inc 5:1 r global#0 function', 'print 7:3 r builtin', 'total 7:9 r global#3 implicit defined',
      'show 9:1 r global#1 function', 'total 10:1 w global#3 implicit',
    ],
  ],
  [
    'implicit global created earlier in the same function body',
    'function f() {\n  acc = 0;\n  acc += 1;\n  return acc;\n}',
    ['acc 2:3 w global#1 implicit', 'acc 3:3 rw global#1 implicit', 'acc 4:10 r global#1 implicit'],
  ],
  [
    'implicit global created by a for head, typeof after creation',
    'for (i = 0; i < 2; i++) {}\nprint(typeof i);\nx = x + 1;',
    [
      'i 1:6 w global#0 implicit', 'i 1:13 r global#0 implicit', 'i 1:20 rw global#0 implicit',
      'print 2:1 r builtin', 'i 2:14 r global#0 implicit', 'x 3:1 w global#1 implicit', 'x 3:5 r global#1 implicit defined',
    ],
  ],
  [
    'TDZ: a let read from a function called before its declaration runs',
    'const K = 2;\nfunction f() {\n  return K + k;\n}\nprint(f());\nlet k = 1;',
    ['K 3:10 r global#0 const', 'k 3:14 r global#2 let tdz', 'print 5:1 r builtin', 'f 5:7 r global#1 function'],
  ],
  [
    'TDZ: a call in an initializer makes later lets unsafe',
    'let a = f();\nlet b = 2;\nfunction f() {\n  return b;\n}',
    ['f 1:9 r global#2 function', 'b 4:10 r global#1 let tdz'],
  ],
  [
    'TDZ: a let written from a function is checked too',
    'function set() {\n  v = 1;\n}\nset();\nlet v = 0;',
    ['v 2:3 w global#1 let tdz', 'set 4:1 r global#0 function'],
  ],
  [
    'builtins, and print declared by the program',
    'function print(x) {\n  console.log(x, Math.PI, undefined, NaN, Infinity, Array(2));\n}\nprint(1);',
    [
      'console 2:3 r builtin', 'x 2:15 r print#0 param', 'Math 2:18 r builtin', 'undefined 2:27 r builtin',
      'NaN 2:38 r builtin', 'Infinity 2:43 r builtin', 'Array 2:53 r builtin', 'print 4:1 r global#0 function',
    ],
  ],
  [
    'labels are not references; a var in a for head is global',
    'outer: for (var i = 0; i < 2; i++) {\n  continue outer;\n}',
    ['i 1:24 r global#0 var', 'i 1:31 rw global#0 var'],
  ],
  [
    'functions as values through a variable',
    'function sq(x) { return x * x; }\nvar g = sq;\nprint(g(3), typeof g);',
    ['x 1:25 r sq#0 param', 'x 1:29 r sq#0 param', 'sq 2:9 r global#0 function', 'print 3:1 r builtin', 'g 3:7 r global#1 var', 'g 3:20 r global#1 var'],
  ],
  [
    'a var and a function of one name share the function\'s binding',
    'var f = 1;\nfunction f() {}\nprint(f);',
    ['print 3:1 r builtin', 'f 3:7 r global#0 function'],
  ],
  [
    'a local var shadows a global of the same name',
    'var x = 1;\nfunction f() {\n  var x = 2;\n  return x;\n}\nprint(x);',
    ['x 4:10 r f#0 var', 'print 6:1 r builtin', 'x 6:7 r global#0 var'],
  ],
  [
    'array elements, members and calls',
    'var a = [];\na.push(a.length);\na[a[0]] = a.pop();',
    ['a 2:1 r global#0 var', 'a 2:8 r global#0 var', 'a 3:1 r global#0 var', 'a 3:3 r global#0 var', 'a 3:11 r global#0 var'],
  ],
];

describe('scope resolution', () => {
  it.each(RESOLUTIONS)('%s', (_what, source, expected) => expect(references(source)).toEqual(expected));
});

function layout(bindings: readonly Binding[]): string[] {
  return bindings.map((b) => `${b.slot} ${b.name} ${b.kind}`);
}

describe('frames and globals', () => {
  it('numbers a frame: parameters, then vars and body-level lets in source order, then block lets', () => {
    const info = analyze('function f(a, b) { var c; let d; { let d = 1; var e; } var c; }');
    const f = info.functions[1];
    expect(f?.name).toBe('f');
    expect(layout(f?.params ?? [])).toEqual(['0 a param', '1 b param']);
    expect(layout(f?.locals ?? [])).toEqual(['0 a param', '1 b param', '2 c var', '3 d let', '4 e var', '5 d let']);
  });

  it('numbers globals: declarations in source order, then implicit globals by first reference', () => {
    const info = analyze('var a;\nfunction b() { z = 1; }\nlet c = 1;\nd = 2;\n{ let local = 3; }');
    expect(layout(info.globals)).toEqual(['0 a var', '1 b function', '2 c let', '3 z implicit', '4 d implicit']);
    expect(layout(info.script.locals)).toEqual(['0 local let']);
    expect(info.functions.map((f) => f.name)).toEqual(['<script>', 'b']);
  });

  it('maps every declaring identifier to its binding', () => {
    const info = analyze('let x = 1;\nfunction f(p) { var y = p; }');
    const decls = [...info.declarations].map(([id, b]) => `${id.name} ${id.loc?.start.line}:${(id.loc?.start.column ?? -1) + 1} -> ${target(b)}`);
    expect(decls).toEqual(['x 1:5 -> global#0 let', 'f 2:10 -> global#1 function', 'p 2:12 -> f#0 param', 'y 2:21 -> f#1 var']);
  });

  it('records the function each reference is in', () => {
    const info = analyze('var v = 0;\nfunction f() { return v; }\nv = f();');
    expect([...info.references.values()].map((r) => `${r.node.name}@${r.fn.name}`)).toEqual(['v@f', 'v@<script>', 'f@<script>']);
  });
});
