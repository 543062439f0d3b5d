import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { secretSetting } from './settings.js';

describe('secretSetting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spacex-secret-'));
  const secret = 'postgres://u:s3cr3t@h:5432/d';
  writeFileSync(join(dir, 'url'), `${secret}\n`);
  writeFileSync(join(dir, 'empty'), '\n');

  it('should read NAME, or the file NAME_FILE names without its final newline, relative to where the command was typed', () => {
    expect(secretSetting({ DATABASE_URL: ` ${secret} ` }, 'DATABASE_URL')).toBe(secret);
    expect(secretSetting({ DATABASE_URL_FILE: join(dir, 'url') }, 'DATABASE_URL')).toBe(secret);
    expect(secretSetting({ DATABASE_URL_FILE: 'url', INIT_CWD: dir }, 'DATABASE_URL')).toBe(secret);
    expect(secretSetting({ DATABASE_URL: '' }, 'DATABASE_URL')).toBeUndefined();
  });

  it('should refuse both, a missing file and an empty one, naming the variable and path, never the secret', () => {
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        secretSetting(env, 'DATABASE_URL');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return String(error);
      }
      throw new Error('accepted');
    };
    const both = refusal({ DATABASE_URL: secret, DATABASE_URL_FILE: join(dir, 'url') });
    expect(both).toContain('DATABASE_URL and DATABASE_URL_FILE are both set');
    expect(both).not.toContain('s3cr3t');
    expect(refusal({ DATABASE_URL_FILE: join(dir, 'missing') })).toContain(
      `DATABASE_URL_FILE names ${join(dir, 'missing')}, which cannot be read (ENOENT)`,
    );
    expect(refusal({ DATABASE_URL_FILE: join(dir, 'empty') })).toContain('which is empty');
  });
});
