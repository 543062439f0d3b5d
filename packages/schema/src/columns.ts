/** Column types shared by the layers. */
import { customType } from 'drizzle-orm/pg-core';

const PG_TIMESTAMPTZ =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)( BC)?$/;

/**
 * PostgreSQL's text form of a timestamptz (`0099-12-31 23:59:59.999+00`) as a Date. Drizzle's
 * own timestamp column hands that text to JavaScript's legacy date parser, which reads years
 * below 100 as 19xx; this reads the fields itself. The text is in the session's TimeZone, which
 * the reader does not choose: the offset may have seconds (local mean time before 1900, e.g.
 * `-10:29:20` in Pacific/Kiritimati) and years before 1 end in ` BC`.
 */
export function parseTimestamptz(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = PG_TIMESTAMPTZ.exec(value);
  if (!m) throw new Error(`not a PostgreSQL timestamptz: ${value}`);
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh = '0', om = '0', os = '0', bc] = m;
  const date = new Date(0);
  // Year 1 BC is year 0 on the ISO calendar JavaScript's Date uses.
  date.setUTCFullYear(bc ? 1 - Number(y) : Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offsetSeconds =
    (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os));
  const time = date.getTime() - offsetSeconds * 1000;
  if (Number.isNaN(time)) throw new Error(`not a valid timestamptz: ${value}`);
  return new Date(time);
}

/** `timestamp with time zone` as a Date, exact for every year PostgreSQL and the contract allow. */
export const timestamptz = customType<{ data: Date; driverData: string | Date }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: parseTimestamptz,
  toDriver: (value) => value.toISOString(),
});
