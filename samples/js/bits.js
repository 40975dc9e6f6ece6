// Bit twiddling: popcount, ToInt32/ToUint32 wrap-around, shifts, clz32, imul, bit reversal.

function popcount(x) {
  x = x >>> 0;
  let c = 0;
  while (x !== 0) {
    x &= x - 1;
    c++;
  }
  return c;
}

function popcountSwar(x) {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function reverseBits(x) {
  let r = 0;
  for (let i = 0; i < 32; i++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  return r >>> 0;
}

function hex(x) {
  const digits = '0123456789abcdef';
  x = x >>> 0;
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = digits[x & 15] + s;
    x >>>= 4;
  }
  return '0x' + s;
}

const values = [0, 1, 7, 255, 0x80000000, -1, 2 ** 32 + 5, 0xdeadbeef, -2147483648, 1e10];
for (let i = 0; i < values.length; i++) {
  const v = values[i];
  console.log(v, hex(v), 'popcount', popcount(v), popcountSwar(v), 'clz32', Math.clz32(v), 'rev', hex(reverseBits(v)));
}

console.log('ToInt32:', 2 ** 31 | 0, 2 ** 32 | 0, (2 ** 32 + 5) | 0, -(2 ** 31) - 1 | 0, 4294967295 | 0, 1.9 | 0, -1.9 | 0);
console.log('ToInt32 of specials:', NaN | 0, Infinity | 0, -Infinity | 0, 1e21 | 0, -0 | 0, 2 ** 53 | 0);
console.log('ToUint32:', -1 >>> 0, -2147483648 >>> 0, 2 ** 32 >>> 0, (2 ** 32 + 7) >>> 0, 1.5 >>> 0, NaN >>> 0);
console.log('shift counts mod 32:', 1 << 31, 1 << 32, 1 << 33, 1 << -1, -1 >> 31, -1 >>> 31, 8 >> 33, -8 >>> 1);
console.log('and/or/xor/not:', 0xf0 & 0x3c, 0xf0 | 0x3c, 0xf0 ^ 0x3c, ~0, ~-1, ~0xffffffff, ~~3.7, ~~-3.7);
console.log('imul:', Math.imul(3, 4), Math.imul(-5, 12), Math.imul(0xffffffff, 5), Math.imul(0x7fffffff, 2), Math.imul(65536, 65536));

// A 32-bit xorshift generator, printed as unsigned and signed.
let state = 2463534242;
const out = [];
for (let i = 0; i < 6; i++) {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  out.push(state >>> 0);
}
console.log('xorshift32:', out);
console.log('last as int32:', state | 0);

// Flags packed into one number.
const READ = 1;
const WRITE = 2;
const EXEC = 4;
let perms = READ | EXEC;
console.log('perms', perms, 'can write?', (perms & WRITE) !== 0, 'can exec?', (perms & EXEC) !== 0);
perms |= WRITE;
perms &= ~READ;
console.log('perms now', perms, 'binary digits:', (perms >> 2) & 1, (perms >> 1) & 1, perms & 1);
