/** Running `pkjit` in-process for CLI tests: its exit code and lines, and files in a temporary directory. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import type { Io } from '../../cli/io.js';

/** Runs `pkjit argv...`; returns the exit code and what it printed (no colour). */
export function capture(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), color: false };
  return { code: main(argv, io), out, err };
}

/** A new temporary directory and a writer of files in it (returns each file's path). */
export function scratch(prefix: string): { dir: string; file: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name, text) => { const path = join(dir, name); writeFileSync(path, text); return path; } };
}
