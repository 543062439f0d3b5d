import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './redact.js';

const SECRET = 's3cr3t-Pa55';

describe('redactUrl', () => {
  it('should hide the password of a connection URL and keep the rest', () => {
    expect(redactUrl(`postgres://user:${SECRET}@db.example:5432/spacex`)).toBe(
      'postgres://user:***@db.example:5432/spacex',
    );
    expect(
      redactText(`failed for postgresql://u:${SECRET}@h/db and again ${SECRET}`, [SECRET]),
    ).toBe('failed for postgresql://u:***@h/db and again ***');
    expect(redactUrl('postgres://user@host/db')).toBe('postgres://user@host/db');
  });
});
