// Sorting: quicksort (Lomuto), insertion sort, merge sort and a counting sort over the same
// pseudo-random data, checked against each other.

let seed = 12345;
function random(limit) {
  // A linear congruential generator on 31 bits (exact in doubles).
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % limit;
}

function makeData(count, limit) {
  const a = [];
  for (let i = 0; i < count; i++) a.push(random(limit));
  return a;
}

function copy(a) {
  const b = [];
  for (let i = 0; i < a.length; i++) b.push(a[i]);
  return b;
}

function swap(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function quicksort(a, lo, hi) {
  if (lo >= hi) return;
  const pivot = a[hi];
  let i = lo;
  for (let j = lo; j < hi; j++) {
    if (a[j] < pivot) swap(a, i++, j);
  }
  swap(a, i, hi);
  quicksort(a, lo, i - 1);
  quicksort(a, i + 1, hi);
}

function insertionSort(a) {
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function mergeSort(a) {
  if (a.length <= 1) return a;
  const mid = a.length >> 1;
  const left = [];
  const right = [];
  for (let i = 0; i < a.length; i++) (i < mid ? left : right).push(a[i]);
  const l = mergeSort(left);
  const r = mergeSort(right);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < l.length && j < r.length) out.push(l[i] <= r[j] ? l[i++] : r[j++]);
  while (i < l.length) out.push(l[i++]);
  while (j < r.length) out.push(r[j++]);
  return out;
}

function countingSort(a, limit) {
  const counts = new Array(limit);
  for (let i = 0; i < limit; i++) counts[i] = 0;
  for (let i = 0; i < a.length; i++) counts[a[i]]++;
  const out = [];
  for (let v = 0; v < limit; v++) for (let k = 0; k < counts[v]; k++) out.push(v);
  return out;
}

function same(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const data = makeData(150, 1000);
console.log('data (first 12):', data[0], data[1], data[2], data[3], data[4], data[5], data[6], data[7], data[8], data[9], data[10], data[11]);
const q = copy(data);
quicksort(q, 0, q.length - 1);
const ins = copy(data);
insertionSort(ins);
const m = mergeSort(data);
const c = countingSort(data, 1000);
console.log('quick:', q);
console.log('insertion same:', same(q, ins), 'merge same:', same(q, m), 'counting same:', same(q, c));
console.log('min', q[0], 'median', q[q.length >> 1], 'max', q[q.length - 1]);

// Strings and mixed numbers sort by the same operators.
const names = ['delta', 'alpha', 'Charlie', 'bravo', 'echo', 'Alpha'];
quicksort(names, 0, names.length - 1);
console.log(names);
const doubles = [3.5, -1, 2e-3, -0.5, 1e3, 0, -1e-3];
insertionSort(doubles);
console.log(doubles);
