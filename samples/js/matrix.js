// Matrices as arrays of rows: multiplication, identity, transpose, powers (Fibonacci by
// matrix power), and a determinant by Gaussian elimination with partial pivoting.

function matrix(rows, cols, fill) {
  const m = [];
  for (let i = 0; i < rows; i++) {
    const row = [];
    for (let j = 0; j < cols; j++) row.push(fill(i, j));
    m.push(row);
  }
  return m;
}

function zero(i, j) { return 0; }
function one(i, j) { return i === j ? 1 : 0; }
function hilbert(i, j) { return 1 / (i + j + 1); }
function sample(i, j) { return (i * 3 + j * 7) % 5 - 2; }

function multiply(a, b) {
  const n = a.length;
  const m = b[0].length;
  const inner = b.length;
  const c = matrix(n, m, zero);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  }
  return c;
}

function transpose(a) {
  const t = matrix(a[0].length, a.length, zero);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
  return t;
}

function power(a, e) {
  let result = matrix(a.length, a.length, one);
  let base = a;
  while (e > 0) {
    if (e & 1) result = multiply(result, base);
    base = multiply(base, base);
    e >>= 1;
  }
  return result;
}

function determinant(a) {
  const n = a.length;
  const m = matrix(n, n, zero);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i][j] = a[i][j];
  let det = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (m[pivot][col] === 0) return 0;
    if (pivot !== col) {
      const t = m[pivot];
      m[pivot] = m[col];
      m[col] = t;
      det = -det;
    }
    det *= m[col][col];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let k = col; k < n; k++) m[r][k] -= f * m[col][k];
    }
  }
  return det;
}

function show(name, m) {
  console.log(name + ':');
  for (let i = 0; i < m.length; i++) console.log('  ', m[i]);
}

const a = matrix(3, 4, sample);
const b = transpose(a);
show('A (3x4)', a);
show('A^T', b);
show('A * A^T', multiply(a, b));
show('A^T * A', multiply(b, a));

const fibm = [[1, 1], [1, 0]];
for (let e = 10; e <= 70; e += 30) console.log('fib(' + e + ') =', power(fibm, e)[0][1]);

const h = matrix(4, 4, hilbert);
show('Hilbert 4', h);
console.log('det(Hilbert 4) =', determinant(h), 'exact 1/6048000 =', 1 / 6048000);
console.log('det(A * A^T) =', determinant(multiply(a, b)), 'det(A^T * A) =', determinant(multiply(b, a)));
const rot = [[0, -1], [1, 0]];
show('rotation^3', power(rot, 3));
console.log('rotation^4 is identity:', power(rot, 4));
