/**
 * Descriptions of tables, views and their columns, written once beside their definitions and
 * read by the data catalog (`pnpm catalog`). The column keys are typed: a column without a
 * description, or a description of a column that does not exist, is a compile error.
 */
import { Column, getTableColumns, is, type SQL } from 'drizzle-orm';
import {
  getMaterializedViewConfig,
  getTableConfig,
  getViewConfig,
  PgMaterializedView,
  type PgTable,
  PgView,
} from 'drizzle-orm/pg-core';

export type Relation = PgTable | PgView | PgMaterializedView;

type ColumnsOf<T extends Relation> = T extends PgTable
  ? T['_']['columns']
  : T extends PgView | PgMaterializedView
    ? T['_']['selectedFields']
    : never;

export type RelationKind = 'table' | 'view' | 'materialized view';

export interface RelationInfo {
  kind: RelationKind;
  schema: string;
  name: string;
  /** By TypeScript key, in definition order. */
  columns: [key: string, column: Column][];
  /** A view's defining SQL, or the query a derived table's rows come from; none for a raw table. */
  query?: SQL;
}

export interface Described extends RelationInfo {
  relation: Relation;
  description: string;
  descriptions: Map<string, string>;
}

function onlyColumns(fields: Record<string, unknown>): [string, Column][] {
  return Object.entries(fields).flatMap(([key, field]): [string, Column][] =>
    is(field, Column) ? [[key, field]] : [],
  );
}

function viewInfo(
  kind: 'view' | 'materialized view',
  config: {
    schema: string | undefined;
    name: string;
    selectedFields: Record<string, unknown>;
    query: SQL | undefined;
  },
): RelationInfo {
  const info = {
    kind,
    schema: config.schema ?? 'public',
    name: config.name,
    columns: onlyColumns(config.selectedFields),
  };
  return config.query ? { ...info, query: config.query } : info;
}

/** The queries derived tables (the marts) are computed by, for their lineage. */
const definitions = new WeakMap<PgTable, SQL>();

/** Records the query whose rows `table` holds: the catalog reads its lineage from it. */
export function definedBy(table: PgTable, query: SQL): void {
  definitions.set(table, query);
}

/**
 * The kind, schema, name and columns of a table, view or materialized view; a view's SQL too,
 * and a derived table's query.
 */
export function relationInfo(relation: Relation): RelationInfo {
  if (is(relation, PgMaterializedView))
    return viewInfo('materialized view', getMaterializedViewConfig(relation));
  if (is(relation, PgView)) return viewInfo('view', getViewConfig(relation));
  const config = getTableConfig(relation);
  const info: RelationInfo = {
    kind: 'table',
    schema: config.schema ?? 'public',
    name: config.name,
    columns: Object.entries(getTableColumns(relation)),
  };
  const query = definitions.get(relation);
  return query ? { ...info, query } : info;
}

/** `schema.name` of a table or view. */
export const qualifiedName = (relation: Relation): string => {
  const info = relationInfo(relation);
  return `${info.schema}.${info.name}`;
};

export function describe<T extends Relation>(
  relation: T,
  description: string,
  columns: { [K in keyof ColumnsOf<T>]: string },
): Described {
  const descriptions = new Map<string, string>(Object.entries(columns));
  return { relation, description, descriptions, ...relationInfo(relation) };
}
