/** SQL the load shares. */
import { sql } from 'drizzle-orm';

/** A list of ids as one jsonb parameter, whatever its length (no bind-parameter limit). */
export const idSet = (ids: readonly string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
