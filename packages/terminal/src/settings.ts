/** Settings from the environment that may hold a secret. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';
import { invocationDir } from './paths.js';

/**
 * A setting that may hold a secret: `NAME`, or the file `NAME_FILE` names (as Docker and
 * Kubernetes mount secrets; a relative path is read from where the command was typed), its
 * surrounding whitespace and final newline dropped. Both set is an error. A file that cannot be
 * read is named by its variable and path, never by what it holds. Unset or empty: undefined.
 */
export function secretSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name]?.trim();
  const file = env[`${name}_FILE`]?.trim();
  if (!file) return direct || undefined;
  if (direct) throw new UsageError(`${name} and ${name}_FILE are both set: give one of them.`);
  let text: string;
  try {
    text = readFileSync(resolve(invocationDir(env), file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(
      `${name}_FILE names ${file}, which cannot be read (${code}): mount the secret there, or set ${name} instead.`,
    );
  }
  const value = text.trim();
  if (value === '') throw new UsageError(`${name}_FILE names ${file}, which is empty.`);
  return value;
}
