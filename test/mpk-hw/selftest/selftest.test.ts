import { describe, expect, it } from 'vitest';
import { runSelftest } from '../../../mpk-hw/selftest/index.js';

describe('ported kernel pkeys selftests (Linux 6.12+ semantics)', () => {
  const results = runSelftest();
  it('lists every case of protection_keys.c and pkey_sighandler_tests.c', () => {
    expect(results.length).toBeGreaterThanOrEqual(26);
    expect(results.filter((r) => r.suite === 'pkey_sighandler_tests')).toHaveLength(5);
  });
  for (const r of results) {
    it(r.name, () => {
      expect(r.why).toBe('');
      expect(r.passed).toBe(true);
    });
  }
});
