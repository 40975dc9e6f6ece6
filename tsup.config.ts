import { defineConfig } from 'tsup';

// One ESM build: the library entry points (with declarations) and the CLI / bench programs.
export default defineConfig({
  entry: {
    'mpk-hw/index': 'mpk-hw/index.ts',
    'sdk/index': 'sdk/index.ts',
    'jit/x64/index': 'jit/x64/index.ts',
    'cli/main': 'cli/main.ts',
    'bench/main': 'bench/main.ts',
    'samples/run-all': 'samples/run-all.ts',
    'samples/embed/brainfuck': 'samples/embed/brainfuck.ts',
    'samples/embed/rpn': 'samples/embed/rpn.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { 'mpk-hw/index': 'mpk-hw/index.ts', 'sdk/index': 'sdk/index.ts', 'jit/x64/index': 'jit/x64/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  silent: true,
});
