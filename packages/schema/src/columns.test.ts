import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './columns.js';

describe('parseTimestamptz', () => {
  it('should read PostgreSQL timestamptz text exactly, years below 100 included', () => {
    expect(parseTimestamptz('0099-12-31 23:59:59.999+00')).toEqual(
      new Date('0099-12-31T23:59:59.999Z'),
    );
    expect(parseTimestamptz('0001-01-01 00:00:00+00')).toEqual(
      new Date('0001-01-01T00:00:00.000Z'),
    );
    expect(parseTimestamptz('2021-06-01 12:00:00.123456+05:30')).toEqual(
      new Date('2021-06-01T06:30:00.123Z'),
    );
    expect(() => parseTimestamptz('infinity')).toThrow('not a PostgreSQL timestamptz');
  });

  it('should read the text of any session TimeZone: offsets with seconds, years BC', () => {
    // 0001-01-01 00:00:00 UTC as Pacific/Kiritimati shows it (local mean time, -10:29:20).
    expect(parseTimestamptz('0001-12-31 13:30:40-10:29:20 BC')).toEqual(
      new Date('0001-01-01T00:00:00.000Z'),
    );
    expect(parseTimestamptz('2022-09-11 15:10:00+14')).toEqual(new Date('2022-09-11T01:10:00Z'));
    // 44 BC is year -43 on the ISO calendar.
    expect(parseTimestamptz('0044-03-15 12:00:00+00 BC')).toEqual(
      new Date('-000043-03-15T12:00:00.000Z'),
    );
  });
});
