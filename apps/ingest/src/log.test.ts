import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';

const captured = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};

describe('createLogger', () => {
  it('should write one JSON object a line: time, level, message, the bound run id and stage, fields', () => {
    const out = captured();
    const log = createLogger('info', { format: 'json', write: out.write });
    log.bind({ runId: 'r1', stage: 'fetch' });
    log.info('reading api');
    log.bind({ stage: 'validate' });
    log.error('run r1 failed', { counts: { launchesRead: 3 } });
    log.debug('not at info');
    const [first, second, ...rest] = out.lines.map((line) => JSON.parse(line));
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      level: 'info',
      message: 'reading api',
      runId: 'r1',
      stage: 'fetch',
    });
    expect(new Date(first.time).toISOString()).toBe(first.time);
    expect(second).toMatchObject({
      level: 'error',
      message: 'run r1 failed',
      runId: 'r1',
      stage: 'validate',
      counts: { launchesRead: 3 },
    });
    for (const line of out.lines) expect(line.endsWith('}\n')).toBe(true);
  });

  it('should redact secrets in the message and every field, whatever JSON does to them', () => {
    const out = captured();
    const secret = 'pa"ss\\word';
    const log = createLogger('debug', { format: 'json', write: out.write, secrets: [secret] });
    log.warn(`cannot connect with ${secret}`, {
      url: `postgres://u:${secret}@h/d`,
      list: [secret],
    });
    expect(out.lines.join('')).not.toContain('pa\\"ss');
    const line = JSON.parse(out.lines[0] ?? '{}');
    expect(line.message).toBe('cannot connect with ***');
    expect(line.url).toBe('postgres://u:***@h/d');
    expect(line.list).toEqual(['***']);
  });

  it('should keep the text format for people: tags, no bindings', () => {
    const out = captured();
    const log = createLogger('warn', { write: out.write });
    log.bind({ runId: 'r1' });
    log.info('hidden');
    log.warn('careful');
    log.error('broken');
    expect(out.lines).toEqual(['warning: careful\n', 'error: broken\n']);
  });
});
