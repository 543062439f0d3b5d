/**
 * Secrets never shown: every command (ingest, migrate, answers, quality, grant-reader), at
 * LOG_LEVEL=debug, against a server that asks for the password and refuses it, with the
 * password in each form a URL can carry it. Nothing any command prints holds any part of it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as ingestMain } from '@spacex/ingest';
import { redactText, redactUrl, urlSecrets } from '@spacex/terminal';
import { passwordRejectingServer, runCaptured, runScriptAsync } from '@spacex/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as answersMain } from '../src/cli.js';

const PACKAGES = join(import.meta.dirname, '..', '..', '..', 'packages');

/** Each password form, with the distinctive parts that must never be printed. */
const FORMS = [
  {
    name: 'unencoded @ and :',
    url: (hp: string) => `postgres://spacex:p@ss:wo@rd-7Q@${hp}/spacex`,
    parts: ['p@ss:wo@rd-7Q', 'wo@rd-7Q', 'rd-7Q'],
  },
  {
    name: 'a space',
    url: (hp: string) => `postgres://spacex:open sesame-8Z@${hp}/spacex`,
    parts: ['open sesame-8Z', 'sesame-8Z', 'open%20sesame'],
  },
  {
    name: 'percent-encoded',
    url: (hp: string) => `postgres://spacex:s%2Fcr%3Ft-9K@${hp}/spacex`,
    parts: ['s%2Fcr%3Ft-9K', 's/cr?t-9K'],
  },
  {
    name: '?password=',
    url: (hp: string) => `postgres://spacex@${hp}/spacex?password=query-s3cret-1A`,
    parts: ['query-s3cret-1A'],
  },
  {
    name: '&sslpassword=',
    url: (hp: string) =>
      `postgres://spacex:plain-2B@${hp}/spacex?sslmode=disable&sslpassword=ssl-s3cret-3C`,
    parts: ['plain-2B', 'ssl-s3cret-3C'],
  },
];

describe('redaction', () => {
  it.each(FORMS)('should find and hide every part of a password with $name', ({ url, parts }) => {
    const full = url('db.example:5432');
    const secrets = urlSecrets(full);
    for (const part of parts) {
      expect(redactText(`connecting to ${full} failed`, secrets)).not.toContain(part);
    }
    // The whole password, as a driver might quote it once decoded.
    const whole = decodeURIComponent(parts[0] ?? '');
    expect(redactText(`password "${whole}" refused`, secrets)).not.toContain(whole);
  });

  it('should redact URLs it was not told about: user info to the last @, and password parameters', () => {
    expect(redactUrl('see postgres://u:p@ss:wo@rd@h:1/d now')).toBe(
      'see postgres://u:***@h:1/d now',
    );
    expect(redactUrl('https://api.example/x?sslpassword=a&password=b#f')).toBe(
      'https://api.example/x?sslpassword=***&password=***#f',
    );
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});

describe('secrets never shown by any command', () => {
  let server: Awaited<ReturnType<typeof passwordRejectingServer>>;
  beforeAll(async () => {
    server = await passwordRejectingServer();
  });
  afterAll(() => server?.close());

  /** Runs a bin script of a package as its own process (not spawnSync: the stand-in server answers from this one). */
  const bin = (pkg: string, script: string, env: Record<string, string>) =>
    runScriptAsync(join(PACKAGES, pkg), script, [], env);

  const commands = {
    ingest: (env: Record<string, string>) => runCaptured(ingestMain, [], env),
    answers: (env: Record<string, string>) => runCaptured(answersMain, [], env),
    quality: (env: Record<string, string>) => bin('quality', 'quality.ts', env),
    migrate: (env: Record<string, string>) => bin('db', 'migrate.ts', env),
    'grant-reader': (env: Record<string, string>) => bin('db', 'grant-reader.ts', env),
  };

  it.each(Object.keys(commands) as (keyof typeof commands)[])(
    'should exit 2 on a malformed DATABASE_URL, showing none of it (%s)',
    async (command) => {
      const run = await commands[command]({ DATABASE_URL: 'postgres://u:pa/ss#w@host/db' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('DATABASE_URL is not a valid URL');
      expect(run.stdout + run.stderr).not.toMatch(/pa\/ss|ss#w/);
    },
  );

  it.each(Object.keys(commands) as (keyof typeof commands)[])(
    'should read the URL from DATABASE_URL_FILE (a mounted secret), never printing it (%s)',
    async (command) => {
      const dir = mkdtempSync(join(tmpdir(), 'spacex-secret-'));
      const file = join(dir, 'database-url');
      writeFileSync(file, `postgres://spacex:file-s3cret-4D@127.0.0.1:${server.port}/spacex\n`);
      const run = await commands[command]({
        DATABASE_URL_FILE: file,
        LOG_LEVEL: 'debug',
        SPACEX_API_URL: 'http://127.0.0.1:9',
        SPACEX_ARCHIVE_DIR: mkdtempSync(join(tmpdir(), 'spacex-archive-')),
      });
      // It reached the server the file names, which refused the password.
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/password authentication failed|Cannot connect/);
      expect(run.stdout + run.stderr).not.toContain('file-s3cret-4D');
    },
  );

  for (const form of FORMS) {
    it.each(Object.keys(commands) as (keyof typeof commands)[])(
      `should fail on a refused password given with ${form.name}, never printing it (%s)`,
      async (command) => {
        const env = {
          DATABASE_URL: form.url(`127.0.0.1:${server.port}`),
          LOG_LEVEL: 'debug',
          SPACEX_API_URL: 'http://127.0.0.1:9',
          SPACEX_ARCHIVE_DIR: mkdtempSync(join(tmpdir(), 'spacex-archive-')),
        };
        const run = await commands[command](env);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toMatch(/password authentication failed|Cannot connect/);
        for (const part of form.parts) {
          expect(run.stdout).not.toContain(part);
          expect(run.stderr).not.toContain(part);
        }
      },
    );
  }
});
