/** ddmin (fuzz/minimize.ts) keeps only the lines a failure needs. */
import { describe, expect, it } from 'vitest';
import { ddmin } from '../../../fuzz/minimize.js';

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `s${i};`).join('\n');

describe('ddmin', () => {
  it('finds the two lines that together make the failure', async () => {
    const fails = (src: string): Promise<boolean> => Promise.resolve(src.includes('s3;') && src.includes('s17;'));
    expect(await ddmin(lines(40), fails)).toBe('s3;\ns17;');
  });

  it('keeps the order of the lines it keeps', async () => {
    const fails = (src: string): Promise<boolean> => Promise.resolve(/s2;[^]*s5;[^]*s9;/.test(src));
    expect(await ddmin(lines(12), fails)).toBe('s2;\ns5;\ns9;');
  });

  it('unwraps a block whose body alone still fails', async () => {
    const src = 'a;\nif (x) {\nfor (;;) {\nneeded;\n}\n}\nb;';
    const fails = (s: string): Promise<boolean> => Promise.resolve(s.includes('needed;') && (s.match(/\{/g) ?? []).length === (s.match(/\}/g) ?? []).length);
    expect(await ddmin(src, fails)).toBe('needed;');
  });

  it('returns the input when no line can go', async () => {
    const src = lines(3);
    expect(await ddmin(src, (s) => Promise.resolve(s === src))).toBe(src);
  });

  it('stops after maxTries tries', async () => {
    let tries = 0;
    const fails = (): Promise<boolean> => Promise.resolve(tries++ < 0);
    await ddmin(lines(64), fails, 10);
    expect(tries).toBeLessThanOrEqual(10);
    expect(tries).toBeGreaterThan(5);
  });
});
