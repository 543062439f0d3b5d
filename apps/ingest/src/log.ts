/** Progress and diagnostics on stderr, at the level LOG_LEVEL names; every line is redacted. */
import { printable, redactText } from '@spacex/terminal';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function createLogger(
  level: LogLevel,
  secrets: readonly string[] = [],
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (min: LogLevel, tag: string) => (message: string) => {
    if (rank >= LOG_LEVELS.indexOf(min))
      write(`${tag}${printable(redactText(message, secrets), { keepLines: true })}\n`);
  };
  return {
    error: at('error', 'error: '),
    warn: at('warn', 'warning: '),
    info: at('info', ''),
    debug: at('debug', 'debug: '),
  };
}
