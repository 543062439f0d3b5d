/** Column types shared by the layers. */
import { customType } from 'drizzle-orm/pg-core';

const PG_TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)$/;

/**
 * PostgreSQL's text form of a timestamptz (`0099-12-31 23:59:59.999+00`) as a Date. Drizzle's
 * own timestamp column hands that text to JavaScript's legacy date parser, which reads years
 * below 100 as 19xx; this parses it as ISO 8601 instead.
 */
export function parseTimestamptz(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = PG_TIMESTAMPTZ.exec(value);
  if (!m) throw new Error(`not a PostgreSQL timestamptz: ${value}`);
  const [, y, mo, d, h, mi, s, fraction = '', offsetHours, offsetMinutes = '00', offsetSeconds] = m;
  if (offsetSeconds && offsetSeconds !== '00')
    throw new Error(`unsupported UTC offset with seconds: ${value}`);
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const offset = offsetHours === undefined ? 'Z' : `${offsetHours}:${offsetMinutes}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a valid timestamptz: ${value}`);
  return date;
}

/** `timestamp with time zone` as a Date, exact for every year PostgreSQL and the contract allow. */
export const timestamptz = customType<{ data: Date; driverData: string | Date }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: parseTimestamptz,
  toDriver: (value) => value.toISOString(),
});
