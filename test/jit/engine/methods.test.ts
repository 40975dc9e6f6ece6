/**
 * The builtin methods of strings, numbers, booleans and arrays against node: computed by the
 * host's own methods (so results and errors are node's), the guest values inside results kept
 * as the same values (a slice of objects holds those objects), array methods that mutate their
 * receiver written back, a user object's own method of a builtin name called as its own; the
 * host functions (`String`, `Number`, `parseInt`, `JSON.parse`/`stringify`, ...); and
 * the refusals (callbacks, iterators) before anything wrong could print.
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';
import { describeAgainstNode, type ThrowTable } from './node-oracle.js';

const RUNS: Readonly<Record<string, string>> = {
  strings: `
    var s = 'Hello, World';
    console.log(s.charCodeAt(0), s.charAt(4), s.indexOf('o'), s.lastIndexOf('o'), s.slice(-5), s.substring(1, 4), s.substr(2, 3));
    console.log(s.toUpperCase(), s.toLowerCase(), '  pad  '.trim() + '|', 'ab'.repeat(3), '5'.padStart(3, '0'), s.split(', '), s.split(''));
    console.log(s.replace('World', 'there'), s.startsWith('Hell'), s.endsWith('d'), s.includes('lo, '), 'a-b-c'.replaceAll('-', '+'), s.at(-1), s.concat('!', 1));
    console.log('x'.codePointAt(0), 'abc'.charCodeAt(9), 'abc'.charAt(9) === '', 'a$b'.replace('$', '$$'), 'aXbX'.split('X', 2), ' \\t '.trimStart().length);
    var words = 'the quick brown fox'.split(' '), caps = [];
    for (var i = 0; i < words.length; i++) caps.push(words[i].charAt(0).toUpperCase() + words[i].slice(1));
    console.log(caps.join(' '));`,
  numbers: `
    var n = 255;
    console.log(n.toString(16), n.toString(2), (3.14159).toFixed(2), (0.000123).toExponential(1), (123.456).toPrecision(4), (1e21).toString(), n.toFixed());
    console.log((-0).toString(), (0.1 + 0.2).toFixed(20), (2.5).toFixed(0), (1 / 3).toString(3), NaN.toString(), (true).toString(), (false).valueOf());`,
  arrays: `
    var a = [3, 1, 2, 10];
    console.log(a.join('-'), a.indexOf(2), a.includes(10), a.slice(1, 3), a.concat([4, 5], 6), a.toString(), a.at(-1), [1, , 3].join());
    a.reverse(); console.log(a);
    a.sort(); console.log(a);
    console.log(a.splice(1, 2, 'x', 'y', 'z'), a);
    console.log(a.shift(), a.unshift(0, -1), a, a.fill(7, 2), [1, [2, [3]]].flat(), [, 1].reverse());
    var holes = [1, , 3]; holes.reverse(); console.log(holes, 1 in holes);`,
  identityKept: `
    var o1 = { k: 1 }, o2 = { k: 2 };
    var objs = [o1, o2];
    var copy = objs.slice();
    copy[0].k = 99;
    console.log(o1.k, copy.indexOf(o2), objs.concat(objs)[2] === o1, copy !== objs);
    var nested = [[1], [2]];
    nested.reverse();
    nested[0].push('same array');
    var inner = nested[1];
    console.log(nested, inner === nested[1]);`,
  ownMethodsOfBuiltinNames: `
    var obj = { indexOf: function (x) { return 'own ' + x; }, join: function () { return this.tag; }, tag: 't' };
    function Stack() { this.items = []; }
    Stack.prototype.slice = function () { return this.items.length; };
    var st = new Stack(); st.items.push(1, 2);
    console.log(obj.indexOf(5), obj.join(), st.slice());`,
  hasOwnProperty: `
    function P(x) { this.x = x; }
    P.prototype.m = 1;
    P.prototype.hasOwn2 = function (k) { return 'inherited ' + k; };
    var p = new P(2);
    var own = [];
    for (var k in p) if (p.hasOwnProperty(k)) own.push(k);
    console.log(own, p.hasOwnProperty('m'), p.hasOwnProperty('x'), P.hasOwnProperty('prototype'), ({ a: 1 }).propertyIsEnumerable('a'));
    console.log(p.hasOwn2('y'), [p].indexOf(p));
    console.log(p.toString(), ({}).toString(), p.valueOf() === p, new Error('e').toString(), Number(function () {}), String(function f(a) { return a; }));`,
  arrayConstructorForms: `
    var a = new Array(), b = Array(1, 2, 'x'), c = new Array(3), d = new Array('3'), e = Array(), f = new Array(2, [3]);
    console.log(a, b, c, d, e, f, a.length, b.length, c.length);
    a.push(1); console.log(a);
    try { new Array(-1); } catch (err) { console.log(err.message); }
    try { Array(1.5); } catch (err) { console.log(err.message); }`,
  errorsAreNodes: `
    try { (1.5).toFixed(101); } catch (e) { console.log(e.name, e.message); }
    try { 'x'.repeat(-1); } catch (e) { console.log(e.name, e.message); }
    var u;
    try { u.trim(); } catch (e) { console.log(e.message); }
    try { null.join(); } catch (e) { console.log(e.message); }`,
};

const HOST_FUNCTIONS: Readonly<Record<string, string>> = {
  hostFunctions: `
    console.log(String(12), String(null), String([1, [2]]), String({}), Number('0x1f'), Number(''), Number('12px'), Boolean(''), Boolean('0'));
    console.log(parseInt('42px'), parseInt('ff', 16), parseInt('0x10'), parseFloat('3.14abc'), isNaN('abc'), isFinite('12'), isNaN(NaN));
    console.log(String.fromCharCode(72, 105), String.fromCodePoint(128512).length, Number.isInteger(5.0), Number.isSafeInteger(2 ** 53), Number.isNaN('x'));
    console.log(Number.MAX_SAFE_INTEGER, Number.EPSILON > 0, Number.POSITIVE_INFINITY, Number.parseFloat('1e3'), Array.isArray([]), Array.isArray({}));
    var o = { a: 1, b: [true, null, 'x'], c: { d: 2.5 } };
    var text = JSON.stringify(o);
    console.log(text, JSON.stringify([1, 'two', undefined]), JSON.stringify(o, null, 2));
    var back = JSON.parse(text);
    console.log(back, back.c.d, JSON.parse('[1,2,{"k":"v"}]')[2].k);
    try { JSON.parse('{bad'); } catch (e) { console.log(e.name, e.message, e instanceof SyntaxError); }
    function P(x) { this.x = x; }
    console.log(JSON.stringify(new P(3)), String(new P(1)), String(new Error('m')));
    var cyc = { n: 1 }; cyc.self = cyc;
    try { JSON.stringify(cyc); } catch (e) { console.log(e.name, e.message.split('\\n')[0]); }`,
};

const THROWS: ThrowTable = {
  methodOfUndefined: { source: `var u; console.log(1); u.charAt(0);`, error: "uncaught TypeError: Cannot read properties of undefined (reading 'charAt')" },
};

describeAgainstNode('builtin methods', RUNS, THROWS);
describeAgainstNode('host functions (String, Number, parseInt, JSON, ...)', HOST_FUNCTIONS, {
  jsonSyntaxErrorUncaught: { source: `console.log(1);\nJSON.parse('{');`, error: "uncaught SyntaxError: Expected property name or '}' in JSON at position 1" },
});

describe('methods that do not run yet: refused at run time, before anything wrong', () => {
  it.each([
    ['[1, 2].map(function (x) { return x; });', '.map of an array (callbacks into compiled code are not built yet)'],
    ['[].keys();', '.keys of an array (not among the methods pkjit runs)'],
    ["'ab'.replace('a', function () { return 'c'; });", 'a function passed to .replace (callbacks into compiled code are not built yet)'],
    ["'a'.join();", '.join of a string, which has no such method'],
  ])('%s', (source, what) => {
    const r = runProgram(`console.log('first');\n${source}`, 'm.js');
    expect(r.output).toEqual(['first']);
    expect(r.exitCode).toBe(3);
    expect(r.error).toBe(`m.js: unsupported at run time: ${what}`);
  });
  it('the null check comes before the arguments, as in node', () => {
    const r = runProgram("var u;\ntry { u.slice(console.log('never')); } catch (e) { console.log(e.message); }", 'o.js');
    expect(r.output).toEqual(["Cannot read properties of undefined (reading 'slice')"]);
  });
});
