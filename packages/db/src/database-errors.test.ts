import { describe, expect, it } from 'vitest';
import { sqlState } from './database-errors.js';

describe('sqlState', () => {
  const serverError = Object.assign(new Error('duplicate key value'), {
    code: '23505',
    severity: 'ERROR',
  });
  it("should find the server's code under a wrapper", () => {
    expect(sqlState(new Error('Failed query', { cause: serverError }))).toBe('23505');
  });
  it('should not take a system error for one', () => {
    const pipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(sqlState(new Error('Failed query', { cause: pipe }))).toBeUndefined();
    expect(sqlState('23505')).toBeUndefined();
  });
});
