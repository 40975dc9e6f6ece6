// Doubles: how node prints them (shortest round-trip digits, exponent thresholds), -0, NaN,
// Infinity, rounding, and the Math functions.

console.log('sums:', 0.1 + 0.2, 0.1 + 0.2 === 0.3, 1 / 3, 2 / 3, 10 / 4, 1e16 + 1, 2 ** 53 + 1);
console.log('thresholds:', 1e20, 1e21, 123456789012345680000, 1.5e21, 1e-6, 1e-7, 0.000001234, 0.0000001234);
console.log('extremes:', 1.7976931348623157e308, 5e-324, 2e-323, 1e308 * 10, -1e308 * 10);
console.log('negative zero:', -0, 0 * -1, -0 + 0, -0 - 0, 1 / -0, Math.round(-0.4), Math.sign(-0), [-0], '' + -0);
console.log('zero checks:', -0 === 0, 1 / -0 === -Infinity, Math.min(-0, 0) === 0);
console.log('NaN:', 0 / 0, NaN === NaN, NaN !== NaN, Infinity - Infinity, Infinity * 0, Math.sqrt(-1), +'x', [NaN]);
console.log('Infinity:', 1 / 0, -1 / 0, Infinity + 1, Infinity / Infinity, 2 ** 1024, -(2 ** 1024));
console.log('remainder:', 5.5 % 2, -5.5 % 2, 5 % -3, -5 % -3, 0 % 5, -0 % 5, 5 % 0, Infinity % 2, 2 % Infinity);
console.log('power:', 2 ** -1, (-2) ** 3, (-8) ** (1 / 3), 0 ** 0, NaN ** 0, 1 ** Infinity, 2 ** 0.5, (-0) ** -1);
console.log('rounding:', Math.round(2.5), Math.round(-2.5), Math.round(0.49999999999999994), Math.floor(-0.5), Math.ceil(-0.5), Math.trunc(-0.9));
console.log('fround:', Math.fround(0.1), Math.fround(1e40), Math.fround(5e-46), Math.fround(16777217));
console.log('min/max:', Math.max(), Math.min(), Math.max(1, NaN, 3), Math.min(0, -0), Math.max(-0, 0), Math.max(3, '7', 5));

// Math functions at a few points, rounded to 12 digits so any libm agrees in the last place.
function round12(x) {
  return Math.round(x * 1e12) / 1e12;
}
const points = [0, 0.5, 1, 2, 10];
for (let i = 0; i < points.length; i++) {
  const x = points[i];
  console.log('x =', x, round12(Math.sin(x)), round12(Math.cos(x)), round12(Math.exp(x)), round12(Math.log(x)), round12(Math.atan2(x, 1)), round12(Math.cbrt(x)));
}
console.log('exact ones:', Math.sqrt(2), Math.hypot(3, 4), Math.log2(1024), Math.log10(1e15), Math.abs(-7.25), Math.pow(2, 0.5));
console.log('constants:', Math.PI, Math.E, Math.LN2, Math.LN10, Math.LOG2E, Math.LOG10E, Math.SQRT2, Math.SQRT1_2);

// Digits of a harmonic sum, and an accumulation that drifts.
let h = 0;
for (let i = 1; i <= 1000; i++) h += 1 / i;
console.log('H(1000) =', h);
let tenth = 0;
for (let i = 0; i < 10; i++) tenth += 0.1;
console.log('ten tenths =', tenth, tenth === 1);

// Numbers from strings and strings from numbers.
console.log('conversions:', +'12.5', +'0x1f', +'  7  ', +'', +'1e3', +'-0', '3' * '4', '10' / '4', 1 + '2', '5' - - '2');
console.log('strings:', '' + 1e21, '' + 0.000001, '' + 1e-7, '' + 255, '' + -1.5e-10, '' + 100 / 3);
