/**
 * For tests that run a code example of the docs: the example's code (between `// example:begin`
 * and `// example:end` of the test file, with the package's import paths) must be exactly what
 * the doc shows between its markers.
 */
import { readFileSync } from 'node:fs';

/** The package paths the docs import from, for the tests' relative ones. */
const PACKAGE_PATHS: ReadonlyArray<readonly [string, string]> = [
  ['../../mpk-hw/index.js', 'pkjit/mpk-hw'],
  ['../../jit/x64/index.js', 'pkjit/jit/x64'],
  ['../../sdk/index.js', 'pkjit/sdk'],
];

/** The text between two marker lines of `text`. */
export function between(text: string, begin: string, end: string): string {
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from + begin.length);
  if (from < 0 || to < 0) throw new Error(`markers ${begin} ... ${end} not found`);
  return text.slice(from + begin.length, to).trim();
}

/** [the test's example with package paths, the doc's example] for the test file `test` and the doc's marker `name`. */
export function examplePair(test: URL, name: string): [string, string] {
  let mine = between(readFileSync(test, 'utf8'), '// example:begin', '// example:end');
  for (const [rel, pkg] of PACKAGE_PATHS) mine = mine.replaceAll(`'${rel}'`, `'${pkg}'`);
  const guide = readFileSync(new URL('../../docs/sdk.md', import.meta.url), 'utf8');
  return [mine, between(guide, `<!-- ${name}:begin -->\n\`\`\`ts`, `\`\`\`\n<!-- ${name}:end -->`)];
}
