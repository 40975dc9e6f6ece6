/**
 * GNU binutils and gcc from the test host, used to check the decoder, the disassembler and the
 * interpreter against real tools and a real CPU.  Everything is batched: one `as`, one
 * `objcopy`, one `nm`, one `objdump` per call, in a temporary directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a program is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Whether the x86-64 GNU assembler and binutils are usable. */
export const HAVE_BINUTILS = ['as', 'objcopy', 'objdump', 'nm'].every(hasTool);

/** A scratch directory removed by the returned function. */
export function scratchDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-cpu-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Output of `assemble`: the .text bytes and the offset of every label. */
export interface Assembled {
  readonly text: Uint8Array;
  readonly symbols: ReadonlyMap<string, number>;
}

/** Assembles Intel-syntax source (64-bit) with one `as` run; returns .text and label offsets. */
export function assemble(source: string): Assembled {
  const { dir, done } = scratchDir();
  try {
    const s = join(dir, 'x.s');
    const o = join(dir, 'x.o');
    const bin = join(dir, 'x.bin');
    writeFileSync(s, `.intel_syntax noprefix\n.text\n${source}\n`);
    execFileSync('as', ['--64', '-o', o, s], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('objcopy', ['-O', 'binary', '--only-section=.text', o, bin]);
    const symbols = new Map<string, number>();
    const nm = execFileSync('nm', ['--defined-only', o], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of nm.split('\n')) {
      const m = /^([0-9a-f]+) [tT] (\S+)$/.exec(line);
      if (m !== null) symbols.set(m[2] as string, parseInt(m[1] as string, 16));
    }
    return { text: new Uint8Array(readFileSync(bin)), symbols };
  } finally {
    done();
  }
}

/** One line of objdump output. */
export interface DumpLine {
  readonly address: number;
  readonly bytes: number[];
  /** Mnemonic and operands with runs of whitespace collapsed to one space. */
  readonly text: string;
}

/** Whitespace normalization used for every comparison with objdump. */
export function normalize(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/** `objdump -D -b binary -m i386:x86-64 -M intel` of raw bytes, one entry per instruction. */
export function objdump(bytes: Uint8Array): DumpLine[] {
  const { dir, done } = scratchDir();
  try {
    const bin = join(dir, 'x.bin');
    writeFileSync(bin, bytes);
    const out = execFileSync('objdump', ['-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', bin], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const lines: Array<{ address: number; bytes: number[]; text: string }> = [];
    for (const line of out.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*(?:\t(.*))?$/.exec(line);
      if (m === null) continue;
      const bs = (m[2] as string).trim().split(/\s+/).map((h) => parseInt(h, 16));
      const last = lines[lines.length - 1];
      if (m[3] === undefined && last !== undefined) last.bytes.push(...bs);
      else lines.push({ address: parseInt(m[1] as string, 16), bytes: bs, text: normalize(m[3] ?? '') });
    }
    return lines;
  } finally {
    done();
  }
}
