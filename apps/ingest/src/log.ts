/**
 * Progress and diagnostics on stderr, at the level LOG_LEVEL names, every line redacted. Two
 * formats: `text` for people (the default), and `json` for machines (`--log-format json`,
 * LOG_FORMAT): one JSON object a line through pino, with the time, the level, the message, the
 * run's id and stage, and the fields a line carries (a run's counts at its end).
 */
import { printable, redactText } from '@spacex/terminal';
import { pino } from 'pino';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** What a JSON line carries beside its message. */
export interface LogFields {
  [key: string]: string | number | boolean | null | string[] | LogFields;
}

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** Sets what every later line carries (the run's id, its stage); text lines do not show it. */
  bind(context: LogFields): void;
  /**
   * A run's last line, with its figures, for machines. The text format writes nothing: for
   * people the command's summary on stdout (or its error) already says it.
   */
  outcome(level: 'info' | 'error', message: string, fields: LogFields): void;
}

export interface LoggerOptions {
  secrets?: readonly string[];
  write?: (line: string) => void;
  format?: LogFormat;
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const { secrets = [], write = (line) => process.stderr.write(line), format = 'text' } = options;
  const redact = (text: string) => redactText(text, secrets);
  return format === 'json' ? jsonLogger(level, redact, write) : textLogger(level, redact, write);
}

function textLogger(
  level: LogLevel,
  redact: (text: string) => string,
  write: (line: string) => void,
): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const at = (min: LogLevel, tag: string) => (message: string) => {
    if (rank >= LOG_LEVELS.indexOf(min))
      write(`${tag}${printable(redact(message), { keepLines: true })}\n`);
  };
  return {
    error: at('error', 'error: '),
    warn: at('warn', 'warning: '),
    info: at('info', ''),
    debug: at('debug', 'debug: '),
    bind: () => {},
    outcome: () => {},
  };
}

function jsonLogger(
  level: LogLevel,
  redact: (text: string) => string,
  write: (line: string) => void,
): Logger {
  const logger = pino(
    {
      level,
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Every line is redacted whole: a secret may sit in the message or in any field.
    { write: (line: string) => write(redact(line)) },
  );
  let context: LogFields = {};
  const at =
    (method: 'error' | 'warn' | 'info' | 'debug') => (message: string, fields?: LogFields) =>
      logger[method](redactFields({ ...context, ...fields }, redact), redact(message));
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    bind: (more) => {
      context = { ...context, ...more };
    },
    outcome: (level, message, fields) => at(level)(message, fields),
  };
}

/** `fields` with every string redacted, before JSON escapes could hide a secret's form. */
function redactFields(fields: LogFields, redact: (text: string) => string): LogFields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? redact(value)
        : Array.isArray(value)
          ? value.map(redact)
          : value !== null && typeof value === 'object'
            ? redactFields(value, redact)
            : value,
    ]),
  );
}
