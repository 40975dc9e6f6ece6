// The sieve of Eratosthenes: primes below 2000, counts per range, twin primes and gaps.

function sieve(limit) {
  const composite = new Array(limit + 1);
  for (let i = 0; i <= limit; i++) composite[i] = false;
  composite[0] = true;
  composite[1] = true;
  for (let p = 2; p * p <= limit; p++) {
    if (composite[p]) continue;
    for (let m = p * p; m <= limit; m += p) composite[m] = true;
  }
  const primes = [];
  for (let i = 2; i <= limit; i++) if (!composite[i]) primes.push(i);
  return primes;
}

const primes = sieve(2000);
console.log('primes below 2000:', primes.length);
const first = [];
for (let i = 0; i < 25; i++) first.push(primes[i]);
console.log('the first 25:', first);
console.log('the last:', primes[primes.length - 1]);

// pi(x) for powers of ten and per band of 250.
let bands = '';
let idx = 0;
for (let hi = 250; hi <= 2000; hi += 250) {
  let c = 0;
  while (idx < primes.length && primes[idx] < hi) {
    c++;
    idx++;
  }
  bands += c + ' ';
}
console.log('per 250:', bands);

// Twin primes and the largest gap.
let twins = 0;
let maxGap = 0;
let gapAt = 0;
for (let i = 1; i < primes.length; i++) {
  const gap = primes[i] - primes[i - 1];
  if (gap === 2) twins++;
  if (gap > maxGap) {
    maxGap = gap;
    gapAt = primes[i - 1];
  }
}
console.log('twin pairs:', twins, 'largest gap:', maxGap, 'after', gapAt);

// Goldbach: every even number 4..60 as a sum of two primes (smallest first part).
const isPrime = new Array(2001);
for (let i = 0; i < primes.length; i++) isPrime[primes[i]] = true;
let line = '';
for (let even = 4; even <= 60; even += 2) {
  for (let p = 2; p <= even / 2; p++) {
    if (isPrime[p] && isPrime[even - p]) {
      line += even + '=' + p + '+' + (even - p) + ' ';
      break;
    }
  }
  if (even % 20 === 0) {
    console.log(line);
    line = '';
  }
}
console.log(line);
