/**
 * Bulk writes with COPY, PostgreSQL's fastest way in: rows of a Drizzle table written as COPY's
 * text format, typed by the table (a renamed column breaks the build), and a transaction that
 * can COPY into its tables on either engine.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import {
  getTableConfig,
  type PgDatabase,
  type PgQueryResultHKT,
  type PgTable,
} from 'drizzle-orm/pg-core';

/** A Drizzle database inside one transaction, plus COPY into a table within it. */
export interface BulkTransaction {
  db: PgDatabase<PgQueryResultHKT>;
  /** Runs `COPY table (columns) FROM …` with `text`, COPY's text format (see CopyEncoder). */
  copy(target: CopyTarget, text: string | Uint8Array): Promise<void>;
}

/** The table and columns one COPY statement fills. */
export interface CopyTarget {
  /** `"raw"."launches"` */
  table: string;
  /** `("id", "name", …)` */
  columns: string;
}

type InsertRow<T extends PgTable> = T['$inferInsert'];
type ColumnKey<T extends PgTable> = keyof InsertRow<T> & string;

/** `\`, tab, newline and carriage return are COPY's delimiters and escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/g;
const HAS_COPY_SPECIAL = new RegExp(COPY_SPECIAL.source);
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
// Tested first: most values hold none, and a test allocates nothing.
const escapeCopy = (text: string) =>
  HAS_COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL, (ch) => COPY_ESCAPES[ch] ?? ch) : text;

/**
 * Encodes rows of `table` as COPY text lines, for the columns named in `keys` (columns left out
 * take their defaults). Values go through each column's own driver mapping, so jsonb is
 * serialised and custom types convert as they do for an insert.
 */
export class CopyEncoder<T extends PgTable> {
  readonly target: CopyTarget;
  private readonly columns;

  constructor(table: T, keys: readonly ColumnKey<T>[]) {
    const all = getTableColumns(table);
    this.columns = keys.map((key) => {
      const column = all[key];
      if (column === undefined) throw new Error(`${getTableName(table)} has no column ${key}`);
      return { key, column };
    });
    const { schema, name } = getTableConfig(table);
    this.target = {
      table: schema ? `"${schema}"."${name}"` : `"${name}"`,
      columns: `(${this.columns.map(({ column }) => `"${column.name}"`).join(', ')})`,
    };
  }

  /**
   * One row as a line of COPY text. `preEncoded` gives values already in their text form, such
   * as a jsonb column serialised once for hashing, so they are not serialised again.
   */
  line(row: InsertRow<T>, preEncoded: Partial<Record<ColumnKey<T>, string>> = {}): string {
    return this.encode(row, (key) => preEncoded[key]);
  }

  /** One row as a line of COPY text, column `key` given in its text form. */
  lineWithText(row: InsertRow<T>, key: ColumnKey<T>, text: string): string {
    return this.encode(row, (k) => (k === key ? text : undefined));
  }

  private encode(row: InsertRow<T>, preEncoded: (key: ColumnKey<T>) => string | undefined): string {
    // Joined once: a line built by `+=` is a rope that every later copy has to walk.
    const fields: string[] = [];
    for (const { key, column } of this.columns) {
      const given = preEncoded(key);
      const value: unknown = given === undefined ? row[key] : undefined;
      if (given !== undefined) fields.push(escapeCopy(given));
      else if (value === null || value === undefined) fields.push('\\N');
      else {
        const driver: unknown = column.mapToDriverValue(value);
        fields.push(
          escapeCopy(
            typeof driver === 'string'
              ? driver
              : typeof driver === 'object'
                ? JSON.stringify(driver)
                : String(driver),
          ),
        );
      }
    }
    return `${fields.join('\t')}\n`;
  }
}

/**
 * COPY text gathered as UTF-8 bytes, a line at a time as rows are encoded: at 100,000 launches,
 * joining the lines as strings and converting the result took a second; writing each line into
 * one growing buffer takes a tenth of that.
 */
export class CopyBytes {
  private bytes: Buffer;
  private length = 0;

  /** `expected`: the bytes likely needed (the previous batch's), so the buffer seldom grows. */
  constructor(expected = 0) {
    this.bytes = Buffer.allocUnsafe(Math.max(64 * 1024, Math.ceil(expected * 1.25)));
  }

  add(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const most = this.length + line.length * 3;
    if (most > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(most, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.length += this.bytes.write(line, this.length);
  }

  get empty(): boolean {
    return this.length === 0;
  }

  get size(): number {
    return this.length;
  }

  /** The bytes gathered so far. */
  get content(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}
