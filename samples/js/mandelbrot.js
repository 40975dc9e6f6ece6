// The Mandelbrot set in ASCII: 56 x 22 characters, up to 30 iterations per point.

const WIDTH = 56;
const HEIGHT = 22;
const MAX_ITER = 30;
const shades = ' .:-=+*#%@';

function escapeTime(cr, ci) {
  let zr = 0;
  let zi = 0;
  for (let i = 0; i < MAX_ITER; i++) {
    const zr2 = zr * zr;
    const zi2 = zi * zi;
    if (zr2 + zi2 > 4) return i;
    zi = 2 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
  }
  return MAX_ITER;
}

let inside = 0;
let total = 0;
for (let row = 0; row < HEIGHT; row++) {
  const ci = -1.2 + (2.4 * row) / (HEIGHT - 1);
  let line = '';
  for (let col = 0; col < WIDTH; col++) {
    const cr = -2.1 + (2.8 * col) / (WIDTH - 1);
    const it = escapeTime(cr, ci);
    total += it;
    if (it === MAX_ITER) {
      inside++;
      line += '@';
    } else {
      line += shades[Math.floor((it * (shades.length - 1)) / MAX_ITER)];
    }
  }
  console.log('|' + line + '|');
}
console.log('points inside:', inside, 'of', WIDTH * HEIGHT);
console.log('mean iterations:', total / (WIDTH * HEIGHT));
console.log('area estimate:', (inside / (WIDTH * HEIGHT)) * 2.8 * 2.4);
