/**
 * The package as people install it: `npm pack` (its `prepack` builds dist/ with tsup), the
 * tarball installed into a fresh temporary project with no network and an empty npm cache
 * (acorn, the one runtime dependency, is packed from this repository's node_modules), a strict
 * TypeScript embedding type-checked against the published .d.ts files with this repository's
 * tsc, and run with node.  Slow by nature (~12-20 s alone: the tsup build with declarations is most
 * of it), so it all happens once in `beforeAll`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The repository root (this file is test/package/tarball.test.ts). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** This repository's TypeScript compiler, run with the current node. */
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
/** Milliseconds the whole pack, install, type-check and run may take. */
const SETUP_TIMEOUT = 180_000;

/** One command's output; a failure throws with everything it printed. */
function run(cmd: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${err.status}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** `npm pack` of `what` into `dest`; returns the tarball's path and the files it holds. */
function npmPack(what: string, dest: string, extra: readonly string[]): { tarball: string; files: string[] } {
  const out = run('npm', ['pack', what, '--pack-destination', dest, '--json', '--loglevel=error', ...extra], ROOT);
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack ${what} printed no package:\n${out}`);
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path) };
}

/** The text between two marker lines of `text`. */
function between(text: string, begin: string, end: string): string {
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from + begin.length);
  if (from < 0 || to < 0) throw new Error(`markers ${begin} ... ${end} not found`);
  return text.slice(from + begin.length, to).trim();
}

/** Paths (relative to the repository, `/`-separated) of the files under `dir` whose names end in `ext`. */
function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(ext))
    .map((name) => `${dir}/${name.split(sep).join('/')}`)
    .sort();
}

/** The minimal example as `doc` (docs/sdk.md or README.md) shows it. */
function minimalExample(doc = 'docs/sdk.md'): string {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  return between(text, '<!-- minimal-example:begin -->\n```ts', '```\n<!-- minimal-example:end -->');
}

/** The sbx.load example of docs/sdk.md ("Loading code in one call"). */
function loadExample(): string {
  const text = readFileSync(join(ROOT, 'docs/sdk.md'), 'utf8');
  return between(text, '<!-- load-example:begin -->\n```ts', '```\n<!-- load-example:end -->');
}

/** A documented example as a module of the temporary project; main.ts imports and prints what it exports. */
interface Embedding {
  /** File name in the temporary project (a .ts module). */
  readonly file: string;
  /** Its source: the example as documented, then an `export` of what the test checks. */
  readonly source: string;
}

/** The embeddings the test type-checks and runs. */
const EMBEDDINGS: readonly Embedding[] = [
  { file: 'minimal.ts', source: `${minimalExample()}\n\nexport { sum, receipt, report };\n` },
  { file: 'load.ts', source: `${loadExample()}\n\nexport { before, after };\n` },
];

/** using.ts: a window opened with `using` is closed at the end of its block (so a second one may open). */
const USING_TS = `
import { Machine } from 'pkjit/mpk-hw';
import { Sandbox } from 'pkjit/sdk';

export function usingCloses(): boolean {
  const sbx = new Sandbox(new Machine());
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const alloc = sbx.reserve(sbx.createRegion('using', 4096), 16, 'function');
  {
    using w = sbx.openWindow(compiler, alloc, { reason: 'first' });
    w.write(0, Uint8Array.of(0xc3));
  }
  sbx.withWindow(compiler, alloc, { reason: 'second' }, (w) => w.write(1, Uint8Array.of(0xc3)));
  return true;
}
`;

/** main.ts: runs the embeddings (by importing them) and prints one JSON line of what they computed. */
const MAIN_TS = `
import { Machine } from 'pkjit/mpk-hw';
import { Sandbox, SdkError, type SealReceipt, type VerifyReport } from 'pkjit/sdk';
import { sum, receipt, report } from './minimal.js';
import { usingCloses } from './using.js';
import { before, after } from './load.js';

const typedReport: VerifyReport = report;
const typedReceipt: SealReceipt = receipt;

/** The first stack frame of an SdkError thrown inside the package (source-mapped, under --enable-source-maps). */
function sdkErrorFrame(): string {
  try {
    new Sandbox(new Machine(), { codeKeys: 99 });
  } catch (e) {
    if (e instanceof SdkError) return e.stack?.split('\\n')[1]?.trim() ?? '';
    throw e;
  }
  return 'no error';
}

const out = {
  usingCloses: usingCloses(),
  minimal: { sum: String(sum), alloc: typedReceipt.alloc, sha256: typedReceipt.sha256, status: typedReport.status, ok: typedReport.ok },
  sdkErrorFrame: sdkErrorFrame(),
  load: { before: String(before), after: String(after) },
};
console.log(JSON.stringify(out));
`;

/** The embedding's tsconfig: strict, ESM through node's own resolution, @types/node from this repository. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022'],
    types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
    strict: true, skipLibCheck: false, outDir: 'out', sourceMap: true,
  },
  files: ['main.ts', 'using.ts', ...EMBEDDINGS.map((e) => e.file)],
};

/** The other setup README promises: a bundler's resolution and lib esnext.disposable instead of @types/node. */
const TSCONFIG_BUNDLER = {
  compilerOptions: {
    target: 'ES2022', module: 'preserve', moduleResolution: 'bundler', lib: ['ES2022', 'ESNext.Disposable'],
    types: [], strict: true, skipLibCheck: false, noEmit: true,
  },
  files: ['using.ts', ...EMBEDDINGS.map((e) => e.file)],
};

/** What the setup found, for the tests to check. */
interface Packed {
  /** Paths inside the pkjit tarball. */
  files: string[];
  /** The temporary project's directory. */
  project: string;
  /** What main.js printed. */
  output: string;
  /** What the installed `pkjit version` printed. */
  version: string;
}

let tmp = '';
let packed: Packed | undefined;

/** Pack, install, type-check (both configurations) and run; any failing step throws with its output. */
function packInstallRun(): Packed {
  tmp = mkdtempSync(join(tmpdir(), 'pkjit-pack-'));
  const dest = join(tmp, 'pack');
  const project = join(tmp, 'project');
  mkdirSync(dest);
  mkdirSync(project);
  const pkjit = npmPack('.', dest, []);
  const acorn = npmPack('./node_modules/acorn', dest, ['--ignore-scripts']);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'embedder', private: true, type: 'module' }));
  run('npm', ['install', pkjit.tarball, acorn.tarball, '--offline', '--cache', join(tmp, 'npm-cache'),
    '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], project);
  for (const e of EMBEDDINGS) writeFileSync(join(project, e.file), e.source);
  writeFileSync(join(project, 'main.ts'), MAIN_TS);
  writeFileSync(join(project, 'using.ts'), USING_TS);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(join(project, 'tsconfig.bundler.json'), JSON.stringify(TSCONFIG_BUNDLER, null, 2));
  run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
  run(process.execPath, [TSC, '-p', 'tsconfig.bundler.json'], project);
  const output = run(process.execPath, ['--enable-source-maps', 'out/main.js'], project);
  const version = run(process.execPath, [join(project, 'node_modules/.bin/pkjit'), 'version'], project);
  return { files: pkjit.files, project, output, version };
}

/** The setup's result (it ran in beforeAll). */
function result(): Packed {
  if (!packed) throw new Error('the pack/install/run setup did not finish');
  return packed;
}

describe('the npm package', () => {
  beforeAll(() => { packed = packInstallRun(); }, SETUP_TIMEOUT);
  afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

  it('builds on pack, not on install', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['prepack']).toBe('tsup');
    expect(pkg.scripts['prepare']).toBeUndefined();
  });

  it('ships the built entry points, docs/, LICENSE and the sample sources; no tests, no node_modules', () => {
    const files = new Set(result().files);
    const expected = ['package.json', 'README.md', 'LICENSE', 'dist/cli/main.js',
      ...['mpk-hw', 'sdk', 'jit/x64'].flatMap((e) => [`dist/${e}/index.js`, `dist/${e}/index.d.ts`]),
      ...filesUnder('docs', '.md'), ...filesUnder('samples', '.ts'), ...filesUnder('samples/js', '.js')];
    expect(expected.filter((f) => !files.has(f))).toEqual([]);
    expect([...files].filter((f) => /^test\/|node_modules\/|\.test\.ts$|^\.ci\/|^\.git/.test(f))).toEqual([]);
  });

  it('installs a MIT LICENSE that names the pkjit authors', () => {
    const license = readFileSync(join(result().project, 'node_modules/pkjit/LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the pkjit authors\n/);
  });

  it('runs the embedding: 40 + 2 = 42, the seal receipt, an intact log, source-mapped SDK stack frames', () => {
    const out = JSON.parse(result().output) as { usingCloses: boolean; minimal: Record<string, unknown>; sdkErrorFrame: string; load: unknown };
    expect(out.load).toEqual({ before: '42', after: '38' });
    expect(out.usingCloses).toBe(true);
    expect(out.minimal).toEqual({ sum: '42', alloc: 'tier1#0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'intact', ok: true });
    expect(out.sdkErrorFrame).toMatch(/node_modules\/pkjit\/sdk\/[\w/-]+\.ts:\d+:\d+\)$/);
  });

  it("README's example is the guide's (the one this test runs)", () => {
    expect(minimalExample('README.md')).toBe(minimalExample());
  });

  it('installs the pkjit command', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result().version.trim()).toBe(pkg.version);
  });
});
