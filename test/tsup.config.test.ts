/**
 * tsup.config.ts builds every sample as its own program, so each can be run alone from dist/
 * (`node dist/samples/attacks/<name>.js`, as each sample's header says).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../tsup.config.js';
import { SAMPLES } from '../samples/index.js';

/** The build's entry map: output name (under dist/, no extension) -> source file. */
function entries(): Record<string, string> {
  const c = config as { entry?: unknown };
  expect(typeof c.entry === 'object' && c.entry !== null && !Array.isArray(c.entry)).toBe(true);
  return c.entry as Record<string, string>;
}

describe('tsup.config.ts', () => {
  it.each(SAMPLES.map((s) => s.name))('builds samples/%s as its own entry', (name) => {
    expect(entries()[`samples/${name}`]).toBe(`samples/${name}.ts`);
  });

  it('names only source files that exist', () => {
    for (const src of Object.values(entries())) expect(existsSync(new URL(`../${src}`, import.meta.url)), src).toBe(true);
  });
});
