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
    'samples/attacks/executor-writes-code': 'samples/attacks/executor-writes-code.ts',
    'samples/attacks/executor-reads-code': 'samples/attacks/executor-reads-code.ts',
    'samples/attacks/wrpkru-in-immediate': 'samples/attacks/wrpkru-in-immediate.ts',
    'samples/attacks/xrstor-gadget': 'samples/attacks/xrstor-gadget.ts',
    'samples/attacks/raw-pkey-mprotect': 'samples/attacks/raw-pkey-mprotect.ts',
    'samples/attacks/forged-sigreturn': 'samples/attacks/forged-sigreturn.ts',
    'samples/attacks/key-reuse-after-free': 'samples/attacks/key-reuse-after-free.ts',
    'samples/attacks/spawn-inside-window': 'samples/attacks/spawn-inside-window.ts',
    'samples/attacks/window-left-open-by-exception': 'samples/attacks/window-left-open-by-exception.ts',
    'samples/attacks/large-patch-without-quiescing': 'samples/attacks/large-patch-without-quiescing.ts',
    'samples/attacks/tampered-audit-log': 'samples/attacks/tampered-audit-log.ts',
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
