/**
 * One program per supported construct of docs/js-subset.md: [construct, source, the output
 * node prints]. subset.test.ts checks that checkSubset accepts each and that node (vm, with
 * console.log's own formatting) prints exactly this output.
 */

export const ACCEPTED: readonly (readonly [string, string, string])[] = [
  ['number literals', 'console.log(1, 2.5, -0, 0.1 + 0.2, 1e21, 0x1f, 1 / 0, 0 / 0, 010);', '1 2.5 -0 0.30000000000000004 1e+21 31 Infinity NaN 8'],
  ['booleans, null, undefined, void', 'console.log(true, false, null, undefined, !0, void 0);', 'true false null undefined true undefined'],
  ['NaN and Infinity', 'console.log(Infinity - Infinity, -Infinity, NaN === NaN);', 'NaN -Infinity false'],
  ['strings: concatenation, length, comparison', 'var s = "ab" + \'cd\' + 1;\nconsole.log(s, s.length, "a" < "b", s === "abcd1", "é".length);', 'abcd1 5 true true 1'],
  ['string escapes', 'console.log("a\\tb", \'it\\\'s\', "\\u0041");', "a\tb it's A"],
  ['string indexing', 'var s = "hey";\nconsole.log(s[1], s[9]);', 'e undefined'],
  ['strings with numbers and arrays', 'console.log("10" < "9", 10 < 9, "a" + [1, 2], [1] + [2]);', 'true false a1,2 12'],
  ['array literals with holes', 'var a = [1, , 3];\nconsole.log(a, a.length, a[1]);', '[ 1, <1 empty item>, 3 ] 3 undefined'],
  ['new Array(n) and Array(n)', 'var a = new Array(3);\nvar b = Array(2);\na[0] = 1;\nconsole.log(a, b, b.length);', '[ 1, <2 empty items> ] [ <2 empty items> ] 2'],
  ['push and pop', 'var a = [];\na.push(1, 2);\nvar n = a.push(3);\nvar p = a.pop();\nconsole.log(a, n, p, [].pop());', '[ 1, 2 ] 3 3 undefined'],
  ['nested arrays', 'var m = [[1, 2], [3]];\nm[1][1] = 4;\nconsole.log(m, m[0].length, ["a", 1]);', "[ [ 1, 2 ], [ 3, 4 ] ] 2 [ 'a', 1 ]"],
  ['var, let, const, block scoping', 'var x = 1;\n{ let x = 2; const y = 3; console.log(x, y); }\nconsole.log(x);', '2 3\n1'],
  ['let shadowing a parameter', 'function f(a) { { let a = 2; a++; } return a; }\nconsole.log(f(1));', '1'],
  ['globals written from functions, implicit globals', 'var g = 1;\nfunction bump() { g = g + 1; total = g * 10; }\nbump();\nbump();\nconsole.log(g, total);', '3 30'],
  ['implicit global in a for head', 'for (i = 0; i < 3; i++) {}\nconsole.log(i);', '3'],
  ['const global read from a function', 'const N = 3;\nfunction times(x) { return x * N; }\nconsole.log(times(2));', '6'],
  ['recursion', 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\nconsole.log(fib(15));', '610'],
  ['mutual recursion', 'function isEven(n) { return n === 0 ? true : isOdd(n - 1); }\nfunction isOdd(n) { return n === 0 ? false : isEven(n - 1); }\nconsole.log(isEven(10), isOdd(7));', 'true true'],
  ['functions as values', 'function sq(x) { return x * x; }\nfunction apply(f, v) { return f(v); }\nvar g = sq;\nconsole.log(apply(g, 7), typeof sq, g === sq, sq, [sq]);', '49 function true [Function: sq] [ [Function: sq] ]'],
  ['function hoisting', 'console.log(h(), v);\nfunction h() { return "hoisted"; }\nvar v = 1;', 'hoisted undefined'],
  ['missing and extra arguments, bare return', 'function f(a, b) { return b; }\nfunction g() { return; }\nconsole.log(f(1), f(1, 2, 3), g());', 'undefined 2 undefined'],
  ['print', 'print("hi", 1 + 1);', 'hi 2'],
  ['object literals, property get and set', 'var o = { a: 1, "b c": 2, 3: "x", a: 4 };\no.d = o.a + 1;\no["e"] = [o[3]];\nconsole.log(o, o.b, o.d);', "{ '3': 'x', a: 4, 'b c': 2, d: 5, e: [ 'x' ] } undefined 5"],
  ['shorthand properties, nested objects', 'var x = 1, y = { z: [2] };\nvar o = { x, y };\no.y.z[1] = o.x;\nconsole.log(o, o.y.z.length);', '{ x: 1, y: { z: [ 2, 1 ] } } 2'],
  ['in and delete', 'var o = { k: 1 };\nconsole.log("k" in o, delete o.k, "k" in o, 0 in [5], delete o["nothing"], o);', 'true true false true true {}'],
  ['closures: counters, adders, named function expressions', 'function counter() { var n = 0; return function () { return ++n; }; }\nvar c = counter(), d = counter();\nvar add = (x) => (y) => x + y;\nvar fact = function f(n) { return n < 2 ? 1 : n * f(n - 1); };\nconsole.log(c(), c(), d(), add(2)(3), fact(5), c, add);', '1 2 1 5 120 [Function (anonymous)] [Function: add]'],
  ['inner function declarations, hoisted', 'function outer(a) { return twice(a); function twice(v) { return inc(inc(v)); } function inc(v) { return v + a; } }\nconsole.log(outer(3));', '9'],
  ['for-in and for-of', 'var o = { b: 1, 2: 0, a: 3 };\nvar ks = [];\nfor (var k in o) ks.push(k);\nvar sum = 0;\nfor (const v of [1, 2, 3]) sum += v;\nfor (const ch of "ab") ks.push(ch);\nconsole.log(ks, sum);', "[ '2', 'b', 'a', 'a', 'b' ] 6"],
  ['calling any expression', 'function one() { return 1; }\nfunction getOne() { return one; }\nvar fs = [one];\nconsole.log(fs[0](), getOne()(), (0, fs[0])());', '1 1 1'],
  ['calling a property', 'function twice(v) { return 2 * v; }\nvar ops = { twice: twice };\nconsole.log(ops.twice(21), ops);', '42 { twice: [Function: twice] }'],
  ['print declared by the program', 'function print(x) { console.log("<" + x + ">"); }\nprint(1);', '<1>'],
  ['arithmetic', 'console.log(7 % 3, -7 % 3, 7 % -3, 2 ** 10, 2 ** -1, 7 / 2, -(3), +"4");', '1 -1 1 1024 0.5 3.5 -3 4'],
  ['bitwise and shifts', 'console.log(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 31, -1 >> 28, -1 >>> 28, 2 ** 32 | 0);', '1 7 6 -6 -2147483648 -1 15 0'],
  ['comparisons and equality', 'console.log(1 < 2, 2 <= 2, 3 > 4, 4 >= 4, 1 == "1", 1 === "1", null == undefined, null !== undefined, NaN != NaN);', 'true true false true true false true true true'],
  ['logical operators return operands', 'console.log(0 || "a", 1 && 2, null ?? 5, 0 ?? 5, !"", "" || null);', 'a 2 5 0 true null'],
  ['typeof and the conditional operator', 'var u;\nconsole.log(typeof 1, typeof "s", typeof u, typeof null, typeof [], typeof true, 1 ? "y" : "n");', 'number string undefined object object boolean y'],
  [
    'every compound assignment',
    'var a = 10; a += 1; a -= 2; a *= 3; a /= 9; a %= 2; a **= 3; console.log(a);\n' +
    'var b = 6; b &= 3; b |= 8; b ^= 1; b <<= 2; b >>= 1; b >>>= 1; console.log(b);\n' +
    'var c = null; c ??= 4; c ||= 9; c &&= 7; console.log(c);\nvar d = [1]; d[0] += 5; console.log(d);',
    '1\n11\n7\n[ 6 ]',
  ],
  ['++ and -- prefix and postfix', 'var i = 5;\nvar a = [1];\nconsole.log(i++, ++i, i--, --i, a[0]++, ++a[0], a);', '5 7 7 5 1 3 [ 3 ]'],
  ['if / else if / else', 'var x = 3;\nif (x > 2) console.log("big"); else console.log("small");\nif (x < 0) { console.log("neg"); } else if (x === 3) { console.log("three"); }', 'big\nthree'],
  ['while and do-while', 'var n = 0;\nwhile (n < 3) n++;\ndo { n += 10; } while (n < 25);\nconsole.log(n);', '33'],
  ['for with break and continue', 'var s = 0;\nfor (var i = 0; i < 10; i++) { if (i === 2) continue; if (i === 5) break; s += i; }\nconsole.log(s, i);', '8 5'],
  ['for with an empty head', 'var n = 0;\nfor (;;) { if (++n > 4) break; }\nconsole.log(n);', '5'],
  [
    'labelled loops',
    'var hits = 0;\nouter: for (let i = 0; i < 3; i++) {\n  for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; hits++; }\n}\n' +
    'var n = 0;\nloop: while (n < 5) { n++; if (n % 2) continue loop; }\na: b: do { break a; } while (true);\nconsole.log(hits, n);',
    '2 5',
  ],
  [
    'switch with fallthrough, default and blocks',
    'function name(n) {\n  switch (n) {\n    case 1: return "one";\n    case 2: case 3: { let t = "two-three"; return t; }\n    default: return "many";\n  }\n}\n' +
    'console.log(name(1), name(3), name(9));\nvar k = 0;\nswitch (k) { case 0: k = 5; case 1: k++; break; case 2: k = 100; }\nconsole.log(k);',
    'one two-three many\n6',
  ],
  [
    'Math functions and constants',
    'console.log(Math.floor(2.7), Math.max(1, 5, 3), Math.min(), Math.sqrt(16), Math.abs(-2), Math.PI, Math.E, Math.imul(3, 4), ' +
    'Math.clz32(1), Math.sign(-3), Math.hypot(3, 4), Math.trunc(-4.7), Math.round(2.5), Math.pow(2, 8), Math.SQRT2);',
    '2 5 Infinity 4 2 3.141592653589793 2.718281828459045 12 31 -1 5 -4 3 256 1.4142135623730951',
  ],
  ['comma operator', 'var a = (1, 2);\nfor (var i = 0, j = 10; i < j; i += 3, j -= 3) {}\nconsole.log(a, i, j);', '2 6 4'],
  ['directives other than "use strict", empty statements', '"hello";\n;;{ ; }\nconsole.log(1);', '1'],
  ['names node allows as identifiers', 'var let_ = 1, of = 2, async = 3;\nconsole.log(let_ + of + async);', '6'],
];
