import { describe, expect, it } from 'vitest';
import { SpacexError, UsageError } from './errors.js';
import { type CommandIo, reportFailure, table } from './terminal.js';

const captured = () => {
  let stderr = '';
  const io: CommandIo = { stdout: () => {}, stderr: (text) => (stderr += text), env: {} };
  return { io, stderr: () => stderr };
};

describe('reportFailure', () => {
  it("should end with the error's own exit code and print its hint after the message", () => {
    class DiskFullError extends SpacexError {
      override readonly exitCode = 4;
    }
    const out = captured();
    const error = new DiskFullError('cannot write /archive', { hint: 'Free some space.' });
    expect(reportFailure(out.io, error)).toBe(4);
    expect(out.stderr()).toBe('error: cannot write /archive\n\nFree some space.\n');
  });

  it('should point a usage error at --help with exit code 2', () => {
    const out = captured();
    expect(reportFailure(out.io, new UsageError('--days must be a number'))).toBe(2);
    expect(out.stderr()).toBe('--days must be a number\n\nRun with --help for usage.\n');
  });

  it('should give 1 for anything this project did not raise, its secrets redacted and control characters escaped', () => {
    const out = captured();
    const code = reportFailure(out.io, new Error('connect to postgres://u:pw@h/db failed\x1b[2J'), [
      'pw',
    ]);
    expect(code).toBe(1);
    expect(out.stderr()).toBe('error: connect to postgres://u:***@h/db failed\\x1b[2J\n');
  });
});

describe('table', () => {
  const rows = [
    ['B1058', '14'],
    ['B1060', '9'],
  ];

  it('should align a terminal table in columns two spaces apart, without trailing spaces', () => {
    expect(table(['core', 'uses'], rows)).toBe(
      ['core   uses', '-----  ----', 'B1058  14', 'B1060  9'].join('\n'),
    );
  });

  it('should write Markdown with every line as long as its header, the rule at least three dashes', () => {
    expect(table(['n', 'uses'], [['1', '14']], 'markdown')).toBe(
      ['| n   | uses |', '| --- | ---- |', '| 1   | 14   |'].join('\n'),
    );
    const lines = table(['core', 'uses'], rows, 'markdown').split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});
