import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHARED_DIR_ENV, optionalShared } from './shared-data.ts';

describe('optionalShared', () => {
  const saved = process.env[SHARED_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SHARED_DIR_ENV];
    else process.env[SHARED_DIR_ENV] = saved;
    vi.restoreAllMocks();
  });

  it('answers a path under ONEQR_SHARED_DIR, null (with a SKIPPED line) when absent or hidden', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dir = mkdtempSync(path.join(tmpdir(), 'oneqr-shared-'));
    try {
      mkdirSync(path.join(dir, 'testdata/x'), { recursive: true });
      process.env[SHARED_DIR_ENV] = dir;
      expect(optionalShared('testdata/x', 'x')).toBe(path.join(dir, 'testdata/x'));
      expect(warn).not.toHaveBeenCalled();

      expect(optionalShared('testdata/y', 'the y suite')).toBeNull();
      expect(warn).toHaveBeenLastCalledWith(
        expect.stringMatching(/^\[optional data\] SKIPPED the y suite: .*testdata\/y is absent/),
      );

      process.env[SHARED_DIR_ENV] = 'none';
      expect(optionalShared('testdata/x', 'x')).toBeNull();
      expect(warn).toHaveBeenLastCalledWith(expect.stringContaining(`${SHARED_DIR_ENV}=none`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('defaults to ../shared beside the repository', () => {
    delete process.env[SHARED_DIR_ENV];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const expected = path.resolve(import.meta.dirname, '../../shared');
    const got = optionalShared('.', 'the root');
    // Present or not on this machine, it is looked for there and nowhere else.
    if (got === null) expect(warn).toHaveBeenLastCalledWith(expect.stringContaining(`${expected} is absent`));
    else expect(got).toBe(expected);
  });
});
