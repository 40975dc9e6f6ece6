/** Test helper: assemble a function, write it through a window, seal and publish it. */
import { Assembler } from '../../jit/x64/index.js';
import type { Allocation } from '../../sdk/code-region.js';
import type { Sandbox } from '../../sdk/sandbox.js';
import type { SdkThread } from '../../sdk/threads.js';

/** Emits `build`'s code into `a` on `compiler`, then seals and publishes it. */
export function emitPublished(sbx: Sandbox, compiler: SdkThread, a: Allocation, build: (x: Assembler) => void): void {
  const asm = new Assembler();
  build(asm);
  const code = asm.finish();
  sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, code));
  sbx.seal(a);
  sbx.publish(a);
}
