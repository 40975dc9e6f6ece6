/** The edge cases node runs to the end (edge-cases.test.ts runs each under node and pkjit). */

/** `n` functions, each calling the one before it, called (lazily compiled) through values too. */
function chainOfFunctions(n: number): string {
  const fns = Array.from({ length: n }, (_, i) =>
    `function f${i}(a, b) { return ${i > 0 ? `f${i - 1}(a, b) + ` : ''}a * ${i} + (b === undefined ? 0 : b); }`);
  return [
    ...fns,
    `let out = []; for (let i = 0; i < 3; i++) out.push(f${n - 1}(i), f${n >> 1}(i, 1), f0());`,
    `console.log(out, f${n - 1}.length, [f1, f${n - 1}]);`,
    'const table = [f3, f7, f11];',
    'for (let i = 0; i < table.length; i++) { const g = table[i]; console.log(g(1), g(1, 2, 3, 4, 5, 6, 7, 8), g()); }',
  ].join('\n');
}

/** Programs node runs to the end; pkjit must print exactly what node prints. */
export const RUNS: Readonly<Record<string, string>> = {
  negativeZero: `
    console.log(-0, 0 * -1, -0 + 0, -0 - 0, 0 / -5, -0 * -0, [-0], [0 * -1, -0 + 0]);
    console.log('' + -0, -0 + '', 1 / -0, -0 === 0, -0 < 0, Math.round(-0.4), Math.trunc(-0.5), Math.ceil(-0.5));
    console.log('%d %i %s %f', -0, -0, -0, -0);
    var g = -0; function neg(x) { return -x; } console.log(g, neg(0), neg(-0), -g, +g, g ** 1, g % 1);`,
  nanAndInfinity: `
    console.log(NaN, -NaN, 0 / 0, Infinity, -Infinity, 1 / 0, -1 / 0, [NaN, Infinity, -Infinity]);
    console.log(NaN == NaN, NaN === NaN, NaN != NaN, NaN < 1, NaN >= 1, Infinity > 1e308, -Infinity < -1e308);
    console.log(Infinity - Infinity, Infinity * 0, Infinity / Infinity, Infinity + Infinity, -Infinity * -1);
    console.log(typeof NaN, typeof Infinity, '' + NaN, NaN + 'x', Infinity + '', !NaN, !!Infinity, NaN ? 1 : 2);`,
  numberFormatting: `
    console.log(1e21, 1e20, 999999999999999900000, 1.5e21, 123456789e13, 2 ** 64, 2 ** 70, -1e21);
    console.log(1e-7, 1e-6, 1.5e-7, 0.000001, 0.0000012345, 123e-20, -1e-7, 1.1e-6);
    console.log(0.1, 0.1 * 3, 100, 1.0, 1.50, 4.35, 0.1 + 0.7, 1.0000000000000002, 9007199254740993);
    console.log('' + 1e21, '' + 1e-7, 1e21 + '', [1e21, 1e-7], '%s %d', 1e21, 1e-7);`,
  largeAndSmall: `
    console.log(1.7976931348623157e308, 1.7976931348623157e308 * 2, 5e-324, 5e-324 / 2, -5e-324, 2.2250738585072014e-308);
    console.log(2 ** 53, 2 ** 53 + 1, 2 ** 53 + 2, -(2 ** 53) - 1, 2 ** 1023, 2 ** -1074, 2 ** -1075);
    console.log(123456789012345680000, 12345678901234567890, 0.1 ** 20, 10 ** 21, 10 ** -7, 1e300 * 1e10);`,
  remainderSign: `
    console.log(5 % 3, -5 % 3, 5 % -3, -5 % -3, 5.5 % 2.5, -5.5 % 2.5, 0 % 3, -0 % 3, 0 % -3);
    console.log(5 % 0, -5 % 0, 0 % 0, Infinity % 3, 3 % Infinity, -3 % Infinity, 3 % -Infinity, NaN % 1);
    console.log(1e308 % 3, 2 ** 53 % 7, 0.3 % 0.1, -1 % 1, '7' % '4', '-7' % 4, 7 % '-4', null % 5, true % 2);`,
  exponent: `
    console.log((-2) ** 2, (-2) ** 3, (-2) ** 0.5, (-8) ** (1 / 3), 2 ** -2, (-2) ** -1, (-2) ** -2);
    console.log(0 ** -1, (-0) ** -1, (-0) ** -2, (-0) ** 3, 0 ** 0, NaN ** 0, 1 ** NaN, 1 ** Infinity, (-1) ** Infinity);
    console.log(2 ** 3 ** 2, (2 ** 3) ** 2, (-Infinity) ** 3, (-Infinity) ** 2, (-Infinity) ** -1, Infinity ** -2, 0.5 ** -Infinity);
    let x = -3; x **= 2; let y = 2; y **= -1; console.log(x, y, Math.pow(-2, 0.5), Math.pow(4, 0.5), '3' ** '2');`,
  toInt32: `
    console.log((2 ** 32 + 5) | 0, -1 >>> 0, 1 << 32, 1 << 31, 2 ** 31 | 0, 2 ** 31 >> 0, (2 ** 31) >>> 0);
    console.log(-(2 ** 31) - 1 | 0, 1.5e10 | 0, -1.5e10 | 0, 2 ** 53 | 0, (2 ** 53 + 2) | 0, 1e21 | 0, -1e21 >>> 0);
    console.log(NaN | 0, Infinity | 0, -Infinity >>> 0, 3.99 | 0, -3.99 | 0, -0.5 | 0, ~~'12', '7' | 0, '0x10' | 0, 'x' | 0);
    console.log(1 << 31 >>> 0, -8 >> 1, -8 >>> 1, 5 >> -1, 1 << '3', true << 3, null | 5, undefined | 5, [3] | 0, [1, 2] | 0);
    console.log(~0, ~-1, ~(2 ** 31), ~NaN, -1 >>> 32, -1 >>> 33, 0xffffffff & 0xffffffff, 0x80000000 ^ 0, -2147483648 >> 31);`,
  stringNumberComparison: `
    console.log('10' < '9', '10' < 9, 'a' < 1, 'a' > 1, 'a' <= 'a', '' < 'a', 'B' < 'a', 'abc' < 'abd', 'ab' < 'abc');
    console.log('' == 0, '0' == false, ' ' == 0, '1e3' == 1000, '\\n1\\t' == 1, 'Infinity' == Infinity, '-0' == 0, '0x1f' == 31);
    console.log(1 == '1', 1 === '1', '1' != 1, '1' !== 1, 'NaN' == NaN, '' == '0', 0 == '', '2' > '12', 2 > '12');
    console.log(true == 1, true == '1', false == '', true > false, [2] > 1, [1, 2] < 2, [] == '', [0] == 0, [1] == true);`,
  nullAndUndefined: `
    console.log(null == undefined, null === undefined, null == 0, undefined == 0, null == false, undefined == false, null == '');
    console.log(null < 1, null >= 0, null > 0, undefined < 1, undefined >= 0, NaN == undefined, void 0 === undefined);
    console.log(null + 1, undefined + 1, null + 'x', undefined + 'x', [null] + '', [undefined] == '', [[]] == 0, null * 5);
    let u; var v; console.log(u, v, u === v, typeof u, [u, null], [, null]);`,
  typeofEverything: `
    function f(a) { return a; }
    var declaredLater;
    console.log(typeof 1, typeof -0, typeof NaN, typeof 'a', typeof '', typeof true, typeof undefined, typeof null);
    console.log(typeof [], typeof [1], typeof f, typeof typeof 1, typeof declaredLater, typeof Math.PI, typeof Math.abs(-1));
    console.log(typeof f(1), typeof f(), typeof (1 + '1'), typeof (1 - '1'), typeof !1, typeof void 0, typeof new Array(2));
    let l = 1; console.log(typeof l, typeof hoistedFn); function hoistedFn() {}`,
  logicalOperands: `
    console.log(0 || 'x', '' || 0 || null, 1 && 'y', 0 && 'never', null ?? 'd', undefined ?? 0, false ?? 1, 0 ?? 1);
    console.log(NaN || 'n', [] || 1, '' && 1, 'a' && '' && 'b', null || undefined, undefined && 1, 1 && 2 && 3, 0 || false);
    console.log(!!NaN, !'', !'0', !![], !null, !undefined, !-0, !!-1, (null || 0) ?? 'x', (null ?? 0) || 'y');
    var n = 0; function side() { n++; return n; }
    false && side(); true || side(); 1 ?? side(); null ?? side(); 0 || side(); 1 && side(); console.log(n);`,
  logicalAssignment: `
    var n = 0; function side() { n++; return 'v' + n; }
    let a = 0; a ||= side(); let b = 1; b ||= side(); let c = 1; c &&= side(); let d = 0; d &&= side();
    let e = null; e ??= side(); let f = 0; f ??= side(); let g; g ??= side();
    console.log(a, b, c, d, e, f, g, n);
    const arr = [0, 1, null]; arr[0] ||= 'x'; arr[1] &&= 'y'; arr[2] ??= 'z'; arr[3] ??= 'w'; console.log(arr);
    globalOne = 5; globalOne ||= side(); globalOne &&= side(); console.log(globalOne, n);`,
  compoundAssignment: `
    function local() {
      let x = 10; x += 5; x -= 3; x *= 4; x /= 6; x %= 5; x **= 3; x <<= 2; x >>= 1; x >>>= 0; x &= 0xff; x |= 0x100; x ^= 0x0f;
      let s = 'a'; s += 1; s += null; s += [2, 3]; s -= 1;
      return [x, s];
    }
    var gx = 10; gx += 5; gx -= 3; gx *= 4; gx /= 6; gx %= 5; gx **= 3; gx <<= 2; gx >>= 1; gx >>>= 0; gx &= 0xff; gx |= 0x100; gx ^= 0x0f;
    console.log(local(), gx);
    let neg = -16; neg >>= 2; let negU = -16; negU >>>= 28; console.log(neg, negU);
    const a = [1, 2, 3]; let i = 0; a[i++] += 10; a[i++] *= 10; a[i] **= 2; console.log(a, i);
    let str = '5'; str *= '2'; let str2 = '5'; str2 += 2; console.log(str, typeof str, str2, typeof str2);
    let y = 1; let z = (y += 2) + (y *= 3); console.log(y, z);`,
  incrementDecrement: `
    var g = 1; let gl = 1; implicitG = 1;
    console.log(g++, g, ++g, g--, --g, g, gl++, ++gl, gl--, --gl, gl, implicitG++, ++implicitG, implicitG);
    function locals(p) {
      let x = 5; var y = '5'; let u; let n = null; let s = 'abc'; let z = -0;
      console.log(x++, ++x, x--, --x, x, y++, y, typeof y, u++, u, n++, n, s--, s, z++, z, ++p, p--);
    }
    locals(1); locals('7'); locals();
    const a = [1, '2', undefined]; console.log(a[0]++, ++a[0], a[1]--, a[1], ++a[2], a);
    function bump() { g++; gl--; implicitG++; } bump(); bump(); console.log(g, gl, implicitG);
    let b = 0; for (let i = 0; i < 5; i++) b += i++; console.log(b);`,
  labelledLoops: `
    let out = '';
    outer: for (let i = 0; i < 4; i++) {
      inner: for (let j = 0; j < 4; j++) {
        if (j === 2) continue outer;
        if (i === 3) break outer;
        if (i === j) continue inner;
        out += i + '' + j + ' ';
      }
    }
    console.log(out);
    let k = 0; a: b: while (true) { k++; if (k < 3) continue a; if (k < 5) continue b; break a; } console.log(k);
    let m = 0; loop: do { m++; for (;;) { if (m % 2) continue loop; break loop; } } while (m < 10); console.log(m);
    let t = 0; top: for (var p = 0; p < 3; p++) { let q = 0; while (q < 3) { q++; if (q === 2) continue top; t += q; } } console.log(t, p);`,
  switchStatement: `
    function classify(x) {
      let r = '';
      switch (x) {
        case 1: r += 'one,';
        case 2: r += 'two,'; break;
        default: r += 'default,';
        case 3: r += 'three,';
        case '4': r += 'str4,'; break;
        case 4: r += 'four,';
      }
      return r;
    }
    console.log(classify(1), classify(2), classify(3), classify(4), classify('4'), classify(9), classify('1'));
    function firstDefault(x) { switch (x) { default: return 'd'; case 0: return 'zero'; } }
    console.log(firstDefault(0), firstDefault(-0), firstDefault(NaN), firstDefault(false));
    let seen = ''; switch (NaN) { case NaN: seen = 'nan'; break; default: seen = 'no match'; } console.log(seen);
    let hits = 0; for (let i = 0; i < 6; i++) { switch (i % 3) { case 0: continue; case 1: hits += 10; break; } hits++; } console.log(hits);
    let calls = 0; function c(v) { calls++; return v; } switch (3) { case c(1): case c(3): case c(5): break; } console.log(calls);
    switch (1) {} switch (2) { default: } console.log('empty switches');`,
  letConstScopes: `
    let x = 'outer'; { let x = 'block'; console.log(x); { const x = 'inner'; console.log(x); } } console.log(x);
    var v = 1; { var v = 2; } console.log(v);
    function shadow(x) { { let x = 'shadowed'; console.log(x); } return x; } console.log(shadow('param'));
    for (let i = 0; i < 2; i++) { let i = 'body'; console.log(i); }
    function readLater() { return later; } let later = 'initialised before the call'; console.log(readLater());
    console.log(hoistedVar); var hoistedVar = 'now set'; console.log(hoistedVar);
    function f() { return typeof late; } var late; console.log(f());`,
  implicitGlobals: `
    function make() { created = 'made in a function'; counter = (counter || 0) + 1; }
    var counter; make(); make(); console.log(created, counter);
    first = 1; first += 1; first++; console.log(first);
    function readIt() { return first * 10; } console.log(readIt());`,
  stringIndexing: `
    const s = 'hello';
    console.log(s[0], s[4], s[5], s[-1], s['1'], s[1.0], s[1.5], s.length, ''.length, s[s.length - 1]);
    console.log('\\u{1F600}'.length, '\\u{1F600}'[0] === '\\ud83d', 'a\\u0000b'.length, 'tab\\there'.length, 'caf\\u00e9');
    let built = ''; for (let i = s.length - 1; i >= 0; i--) built += s[i]; console.log(built, built.length);
    console.log('a' + 1 + 2, 1 + 2 + 'a', 'x' + [1, [2, 3]], 'x' + [], 'x' + [null], 'x' + true + null, [s, built]);`,
  arrayEdges: `
    const a = [1, 2, 3]; a[10] = 11; console.log(a, a.length, a[5]);
    console.log([,].length, [1, ,].length, [, 1].length, [1, , 3], [, , ,], new Array(5), Array(0), [undefined, , null]);
    const b = [1, , 3]; console.log(b.pop(), b.pop(), b.pop(), b.pop(), b, b.length);
    const c = []; console.log(c.push(), c.push(undefined), c.push(1, 2), c);
    const d = [0, 1, 2]; d['1'] = 'one'; d[2.0] = 'two'; console.log(d, d['0'], d[-1], d[3], d['length'], d[1e21]);
    console.log(Array('3'), new Array(true), Array(null), new Array(2).length, [[], [[]], [[[]]]], [[[[1]]]]);
    const e = []; e[2] = 'x'; console.log(e, e.length); e.push('y'); console.log(e, e[0]);
    const shared = [1]; const twice = [shared, shared]; shared[0] = 9; console.log(twice, twice[0] === twice[1], [1] === [1]);`,
  arrayPrinting: `
    const nums = []; for (let i = 0; i < 30; i++) nums.push(i * 37 % 101); console.log(nums);
    const big = []; for (let i = 0; i < 105; i++) big.push(i); console.log(big);
    const holes = new Array(150); holes[3] = 1; holes[140] = 2; console.log(holes);
    const strs = []; for (let i = 0; i < 8; i++) strs.push('item number ' + i); console.log(strs);
    console.log(['a', "it's", 'say "hi"', 'both \\' and "', 'nl\\nx', 'tab\\t', '\\\\'], [1.5, -0, NaN, true, null, undefined]);
    const nested = [1, [2, [3, [4, [5, [6]]]]]]; console.log(nested, [nested]);
    const longStr = []; longStr.push('x'); for (let i = 0; i < 10; i++) longStr[0] += longStr[0]; console.log([longStr[0].length], longStr[0].length);`,
  consoleLogFormat: `
    console.log('%d + %i = %f', 1.5, 2.7, 4.2); console.log('%s|%s|%s', 'a', 1, [1, 2]); console.log('%o', [1, 'a']);
    console.log('%O', [1, [2]]); console.log('%j', [1]); console.log('100%'); console.log('%% %d', 5); console.log('%c styled', 'color: red');
    console.log('%d', '42abc'); console.log('%i', -3.9); console.log('%f', '1e3'); console.log('%d', null); console.log('%s', undefined);
    console.log('%s %s', 'only one'); console.log('extra', '%d', 3); console.log(1, '%d', 2); console.log('%x %d', 1, 2);
    function f(a, b) { return a; } console.log('%s', -0, [f]); console.log('%d', f); console.log('%i', [7]);
    console.log(''); console.log(); console.log(' '); console.log('a', '', 'b'); console.log(f, [f], typeof f, f.length);`,
  mathEdges: `
    console.log(Math.max(NaN, 1), Math.max(), Math.min(), Math.min(-0, 0), Math.max(-0, 0), Math.max(0, -0), Math.max('3', 2), Math.min([1], 2));
    console.log(Math.round(-0.5), Math.round(0.5), Math.round(-1.5), Math.round(2.5), Math.round(-0), Math.round(4503599627370495.5));
    console.log(Math.sign('-3'), Math.sign(-0), Math.sign(NaN), Math.abs(null), Math.abs('-2'), Math.abs([-3]), Math.floor('x'), Math.abs());
    console.log(Math.hypot(), Math.hypot(3, 4, 12), Math.hypot(NaN, Infinity), Math.atan2(0, -0), Math.atan2(-0, -0), Math.sqrt(-0), Math.cbrt(-8));
    console.log(Math.clz32(0), Math.clz32(-1), Math.clz32(0.5), Math.fround(5.5), Math.fround(5.05), Math.trunc(-0.5), Math.imul(2 ** 31, 2));
    console.log(Math.pow(NaN, 0), Math.pow(1, Infinity), Math.log(0), Math.log(-1), Math.exp(-Infinity), Math.expm1(-0), Math.log1p(-1));
    console.log(Math.PI, Math.E, Math.SQRT2, Math.LN2, Math.max(Math.PI, Math.E), Math.floor(Math.PI * 1e6) / 1e6);`,
  numericLiterals: `
    console.log(0x10, 0XFF, 0o17, 0b101, 010, 0777, 08, 09.5, 1_000_000, .5, 5., 1e3, 1E-3, 0.1e-5, 0x1_0);
    console.log(0xFFFFFFFFFFFFFFFF, 0b11111111111111111111111111111111, 1e400, 00, 0.0, -0x10, 1.e2);`,
  functionValues: `
    function add(a, b) { return a + b; }
    function noArgs() { return 'none'; }
    function manyParams(a, b, c, d, e) { return [a, b, c, d, e]; }
    const g = add; const arr = [add, noArgs];
    console.log(g === add, g == add, add === noArgs, arr[0] === add, typeof g, g(2, 3), manyParams(1, 2), manyParams(1, 2, 3, 4, 5, 6));
    console.log(add, noArgs, [add, [noArgs]], add.length, noArgs.length, manyParams.length, g.length);
    function apply(fn, x) { return fn(x, x); } console.log(apply(add, 21), apply(manyParams, 'q'));
    var later = add; later = noArgs; console.log(later(), later === noArgs, add == add, add != null, !add, add == null);`,
  recursionDepth: `
    function sum(n) { return n === 0 ? 0 : n + sum(n - 1); } console.log(sum(500), sum(1000));
    function even(n) { return n === 0 ? true : odd(n - 1); } function odd(n) { return n === 0 ? false : even(n - 1); }
    console.log(even(300), odd(301), even(7));
    function depth(n, acc) { if (n === 0) return acc; acc.push(n); return depth(n - 1, acc); } console.log(depth(12, []));`,
  commaConditionalVoid: `
    let a = (1, 2, 3); let b = 0; let c = (b++, b++, b); console.log(a, b, c);
    console.log(true ? 'y' : 'n', 0 ? 'y' : 'n', '' ? 1 : null ? 2 : 3, void 1, void 'x', typeof void 0);
    let x = 5; let y = x > 3 ? x > 4 ? 'big' : 'mid' : 'small'; console.log(y);
    for (let i = 0, j = 10; i < j; i += 3, j -= 3) console.log(i, j);`,
  stringEscapes: String.raw`
    console.log('\x41\u0042\u{43}', 'a\0b'.length, 'line1\nline2', 'tab\there', 'back\\slash', 'q\'uote', "d\"q");
    console.log(['\x41', 'a\0b', '\n', '\t', '\v', '\b', '\f', '\r', '\u001b', '\u00ff', '\ud800'], 'x\
continued');`,
  letWithoutInitialiserPerIteration: `
    for (let i = 0; i < 3; i++) { let x; console.log(x); x = i; var y; console.log(y); y = i; }
    let k = 0; while (k < 3) { let z; if (k === 1) z = 'set'; console.log(z); k++; }
    var w = 1; var w; console.log(w);
    function f() { for (let i = 0; i < 2; i++) { let q; console.log(q); q = 5; } } f(); f();`,
  manyArguments: `
    function eight(a, b, c, d, e, f, g, h) { return [a, b, c, d, e, f, g, h]; }
    function sum9(a, b, c, d, e, f, g, h, i) { return a + b + c + d + e + f + g + h + i; }
    console.log(eight(1, 2, 3, 4, 5, 6, 7, 8), eight(1, 2, 3), sum9(1, 2, 3, 4, 5, 6, 7, 8, 9), sum9(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    function mid(a, b, c, d, e, f, g, h, i, j) { return sum9(j, i, h, g, f, e, d, c, b) * a; }
    console.log(mid(2, 1, 1, 1, 1, 1, 1, 1, 1, 1), mid(1, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'));
    console.log(eight(eight(1), sum9(1,1,1,1,1,1,1,1,1), eight(), 4, 5, 6, 7, eight(8, 9)));`,
  registerPressure: `
    function big(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) {
      return a * b + c * d + (e * f - (g * h + i * j)) * (k + l * (m + n * (o + p))) - ((a + b) * (c + d) * (e + f) * (g + h) * (i + j) * (k + l) * (m + n) * (o + p)) / (a + p);
    }
    console.log(big(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16));
    function locals() {
      let v0 = 0, v1 = 1, v2 = 2, v3 = 3, v4 = 4, v5 = 5, v6 = 6, v7 = 7, v8 = 8, v9 = 9, v10 = 10, v11 = 11, v12 = 12, v13 = 13, v14 = 14, v15 = 15, v16 = 16, v17 = 17, v18 = 18, v19 = 19;
      for (let r = 0; r < 3; r++) { v0 += v19; v19 = v18 - v1; v5 = v5 * 2 + v17; v10 = v10 ** 1 + v3; v16 = v16 - v14; }
      return [v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19];
    }
    console.log(locals());
    function nest(x) { return x + 1; }
    console.log(nest(nest(nest(1))) * nest(nest(2)) - nest(nest(nest(nest(3)))), [nest(1), [nest(2), nest(nest(3))]]);`,
  functionAndVarOfOneName: `
    console.log(typeof f, f);
    var f = 1;
    function f() { return 'fn'; }
    console.log(typeof f, f);
    function a() { return 1; } function b() { return 2; }
    a = b; console.log(a(), a, a === b);
    function g() { return 'g'; } function h() { var g = 2; return g; } function p(g) { return g; }
    console.log(h(), p(5), g(), p(g));
    function fact(n) { return n <= 1 ? 1 : n * alias(n - 1); } var alias = fact; console.log(fact(6));`,
  controlFlowInSwitch: `
    let s = '';
    for (let i = 0; i < 5; i++) { switch (i) { case 1: continue; case 3: break; default: s += 'd'; } s += i; }
    console.log(s);
    let n = 0, d = 0; do { n++; if (n % 2) continue; d++; } while (n < 7); console.log(n, d);
    function find(a, x) { for (let i = 0; i < a.length; i++) { switch (a[i]) { case x: return i; default: continue; } } return -1; }
    console.log(find([4, 5, 6], 6), find([4, 5, 6], '6'), find([], 1));
    let w = 0; while (w < 10) { w++; if (w < 5) continue; else break; } console.log(w);
    function early(x) { while (true) { if (x > 3) return 'big'; x++; } } console.log(early(0), early(9));`,
  arrayIndexKeys: `
    const a = [1, 2, 3];
    console.log(a[-0], a[true], a['01'], a[' 1'], a[NaN], a[null], a[undefined], a['length']);
    const c = [1]; c[0] = c; console.log(c);
    const d = [[1, [2, [3, [4]]]]]; console.log(d, [[[[[]]]]]);
    let s = ''; for (let i = 0; i < 200; i++) s += 'ab'; console.log(s.length, [s]);
    const m = [1, 2]; m[m.length] = 3; m[m.length] = m.length; console.log(m);
    const arr = [3, 1, 2]; const ref = arr; ref.push(9); console.log(arr, arr === ref);
    console.log([1, 2] + [3], [] + 1, [1] * [2], [2] ** [3], [] - 1, [[2]] * 3);`,
  stringConversions: String.raw`
    console.log('' + 1e-7, '' + 123.456e300, '' + -1e21, '' + 0.1 * 3, 'a' < 'B', 'é' > 'z', '\u{1F600}' > '\uffff', 'Z' + 1 + -1);
    console.log('10' * '10', '3' - '1', '3' + - '1', +'', +' ', +'\n', +'1_000', +'0b11', +'0o7', +'-0x1', +'1e', +'.5', +'5.', +'Infinity', +'-Infinity', +'infinity');
    let t = 'x'; t += t; t += t; t += t; console.log(t, t.length, t[7], t[8]);
    console.log('abc' == 'abc', 'abc' === 'ab' + 'c', 'a' + 'b' == 'ab', 'abc'.length === 3, 'abc'[0] === 'a');`,
  assignmentValues: `
    var x; const a = [0]; console.log(x = 5, a[0] = 7, x += 1, a[0] += 1, x++, a);
    let p, q, r; p = q = r = 3; console.log(p, q, r); a[0] = a[1] = 'z'; console.log(a);
    function param(v) { v = v * 2; v += 1; return v; } console.log(param(4), param('4'));
    const h = [, 1]; h[0]++; h['1']++; console.log(h); let s = '5'; let t = s++; console.log(s, t, typeof t);
    gimp = 1; gimp = gimp; console.log(gimp);
    let cnt = 0; function next() { cnt++; return cnt < 4 ? cnt : null; } let v; let got = []; while ((v = next()) !== null) got.push(v); console.log(got);
    console.log([1, 2] < [1, 3], [10] < [9], [1] == [1], true === 1, false == 0, true + true, [] + null);
    function f() { cnt += 100; return 'f'; } console.log(void f(), typeof f(), cnt);`,
  truthinessInConditions: `
    function t(a, b) {
      let r = '';
      if (a && b) r += 'and ';
      if (a || b) r += 'or ';
      if (a ?? b) r += 'nullish ';
      if (!(a && b)) r += 'nand ';
      if (a ? b : !b) r += 'xnor ';
      while (a && r.length < 40) { r += '.'; a = 0; }
      return r;
    }
    const vals = [0, 1, '', 'a', null, undefined, NaN, [], -0];
    for (let i = 0; i < vals.length; i++) { let line = ''; for (let j = 0; j < 3; j++) line += '[' + t(vals[i], vals[j]) + ']'; console.log(i, line); }`,
  switchManyCases: `
    function name(d) {
      switch (d) {
        case 0: return 'zero'; case 1: return 'one'; case 2: return 'two'; case 3: return 'three'; case 4: return 'four';
        case 5: return 'five'; case 6: return 'six'; case 7: return 'seven'; case 8: return 'eight'; case 9: return 'nine';
        case 10: case 11: case 12: return 'ten-ish'; case 'x': return 'ex'; case null: return 'null'; case undefined: return 'undef';
        case 1.5: return 'one and a half'; case -1: return 'minus one';
      }
      return 'unknown';
    }
    let out = []; for (let i = -2; i < 14; i++) out.push(name(i)); console.log(out);
    console.log(name('x'), name(null), name(), name(1.5), name('1'), name(-0), name(NaN));
    outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { switch (j) { case 1: continue outer; case 2: break outer; } console.log(i, j); } }`,
  numbersAsStrings: `
    const xs = [2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 31), 4294967296 * 3, 1e15 + 0.5, 1e16, 0.1 + 0.2, 1 / 3, 2 / 3, 100 / 7, 123e-10, 5e-7, -5e-7, 1e100, 2 ** 60 + 7];
    for (let i = 0; i < xs.length; i++) console.log('v' + xs[i], xs[i], [xs[i]], '%d|%i|%f|%s', xs[i], xs[i], xs[i], xs[i]);`,
  functionPrinting: `
    function alpha() {}
    function beta(a, b, c) { return a; }
    const list = [alpha, beta, [alpha], [[beta]]];
    console.log(list, alpha, beta);
    console.log('%s', 1, alpha);
    console.log('%o', alpha);
    console.log('%O', beta);
    console.log('%j', [alpha]);
    console.log(beta.length, alpha.length, typeof beta, beta === list[1], list[2][0] === alpha);`,
  primitiveIndexing: `
    let s = 'abc'; s[0] = 'z'; s['length'] = 1; console.log(s, s.length, s[0]);
    let n = 5; n[0] = 1; console.log(n[0], n['x'], true[0], 'abc'[NaN], 'abc'[1e0], 'abc'['2']);
    function f(a, b) {} console.log(f['name'], f['length'], f[0], [f][0]['name']);
    const arr = [1, 2]; console.log(arr['1'], arr[1.0], arr['1.0'], arr[2 ** 32 - 2], arr[2 ** 32]);
    console.log('%s', [1, [2, [3, [4]]]], '%o', [1, [2, [3]]]);
    console.log('%o', [1, [2, [3, [4, [5]]]]]);
    console.log('a%sb%dc', 'X', 3, 'tail', [1]);
    console.log('%s', 'a', 'b', 1, [2], null);`,
  sixtyFunctions: chainOfFunctions(60),
  globalChecksThatPass: `
    function readG() { return gl; }
    function readI() { return imp; }
    function make() { imp = 'made'; }
    console.log('start');
    let gl = 'ready';
    console.log(readG());
    make();
    console.log(readI());
    for (let i = 0; i < 3; i++) { if (i === 1) later = i; }
    console.log(later);
    const C = [1]; C[0] = 2; function useC() { return C[0] + 1; } console.log(useC());
    var hoisted = typeof lateFn; function lateFn() {} console.log(hoisted);`,
};
