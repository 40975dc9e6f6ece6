// Number theory: gcd and lcm, modular exponentiation, primality by trial division, prime
// factorisation, perfect numbers, digit sums and base conversion.

function gcd(a, b) {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function lcm(a, b) {
  return (a / gcd(a, b)) * b;
}

function modPow(base, exp, mod) {
  let result = 1;
  base %= mod;
  while (exp > 0) {
    if (exp % 2 === 1) result = (result * base) % mod;
    base = (base * base) % mod;
    exp = Math.floor(exp / 2);
  }
  return result;
}

function isPrime(n) {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

function factor(n) {
  const fs = [];
  for (let d = 2; d * d <= n; d++) {
    while (n % d === 0) {
      fs.push(d);
      n /= d;
    }
  }
  if (n > 1) fs.push(n);
  return fs;
}

function sumOfDivisors(n) {
  let s = 1;
  for (let d = 2; d * d <= n; d++) {
    if (n % d === 0) {
      s += d;
      if (d * d !== n) s += n / d;
    }
  }
  return s;
}

function toBase(n, base) {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz';
  if (n === 0) return '0';
  let s = '';
  while (n > 0) {
    s = digits[n % base] + s;
    n = Math.floor(n / base);
  }
  return s;
}

console.log('gcd:', gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(1071, 462), gcd(2 ** 40, 6 ** 20));
let l = 1;
for (let i = 1; i <= 20; i++) l = lcm(l, i);
console.log('lcm(1..20) =', l);
console.log('modPow:', modPow(2, 10, 1000), modPow(3, 200, 13), modPow(7, 560, 561), modPow(5, 117, 19));

const primes = [];
for (let n = 90; n < 200; n++) if (isPrime(n)) primes.push(n);
console.log('primes in [90, 200):', primes);
console.log('large:', isPrime(1000003), isPrime(999999), isPrime(131071), isPrime(2 ** 16 + 1));

const toFactor = [360, 1001, 9973, 65536, 123456, 999999, 600851475143];
for (let i = 0; i < toFactor.length; i++) console.log(toFactor[i], '=', factor(toFactor[i]));

const LIMIT = 1300;
const divisorSums = [0, 0];
for (let n = 2; n < LIMIT; n++) divisorSums.push(sumOfDivisors(n));
const perfect = [];
let amicable = '';
for (let a = 2; a < LIMIT; a++) {
  const b = divisorSums[a];
  if (b === a) perfect.push(a);
  if (b > a && b < LIMIT && divisorSums[b] === a) amicable += a + '&' + b + ' ';
}
console.log('perfect numbers below ' + LIMIT + ':', perfect);
console.log('amicable pairs below ' + LIMIT + ':', amicable);

console.log('bases:', toBase(255, 2), toBase(255, 16), toBase(1295, 36), toBase(2024, 7), toBase(0, 3));
let digitSum = 0;
let f = 1;
for (let i = 1; i <= 15; i++) f *= i;
for (let x = f; x > 0; x = Math.floor(x / 10)) digitSum += x % 10;
console.log('15! =', f, 'digit sum', digitSum);
