/**
 * Launch names are unique: a constraint deferred to the run's commit, since a launch may take the
 * name of one the run removes. Checked once the launches are written instead, which costs
 * nothing unless two launches share a name (a query over every name took 0.2 s at 100,000
 * launches), so that the error can say where each launch was read.
 */
import { sqlState } from '@spacex/db';
import { LAUNCH_NAME_UNIQUE, launches } from '@spacex/schema';
import { sql } from 'drizzle-orm';
import { SourceError } from './errors.js';
import type { Written } from './resource.js';

const UNIQUE_VIOLATION = '23505';

/** The constraint, for `set constraints`. */
export const launchNameConstraint = sql`${sql.identifier('raw')}.${sql.identifier(LAUNCH_NAME_UNIQUE)}`;

/** Checks the deferred constraint now; two launches of one name fail the run, named. */
export async function checkLaunchNames({ db, placesOf, source }: Written): Promise<void> {
  await db.execute(sql`savepoint launch_names`);
  try {
    await db.execute(sql`set constraints ${launchNameConstraint} immediate`);
  } catch (error) {
    if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
    await db.execute(sql`rollback to savepoint launch_names`);
    const [shared] = await db
      .select({
        name: launches.name,
        ids: sql<string[]>`array_agg(${launches.id} order by ${launches.id})`,
      })
      .from(launches)
      .groupBy(launches.name)
      .having(sql`count(*) > 1`)
      .limit(1);
    if (shared === undefined) throw error;
    throw sharedNameError(source, shared.name, shared.ids, await placesOf(shared.ids));
  }
  await db.execute(sql`release savepoint launch_names`);
}

/**
 * The error for launches `ids` that share `name`, each named where it was read (`readAt`; a
 * stored launch this read did not list has no place).
 */
function sharedNameError(
  source: { kind: string; location: string },
  name: string,
  ids: readonly string[],
  readAt: ReadonlyMap<string, { page: number; position: number }>,
): SourceError {
  // In the order they were read; a stored launch this read did not list comes last.
  const placed = ids
    .map((id) => ({ id, at: readAt.get(id) }))
    .sort(
      (a, b) =>
        (a.at?.position ?? Number.MAX_SAFE_INTEGER) - (b.at?.position ?? Number.MAX_SAFE_INTEGER),
    );
  const [first, second] = placed.map(({ id, at }) =>
    at === undefined ? `${id} (stored, not in this read)` : `${id} (page ${at.page})`,
  );
  return new SourceError(
    `launches ${first} and ${second} of ${source.location} are both named "${name}"; launch names are unique. ` +
      (source.kind === 'api'
        ? 'The API holds two launches of one name: run again later, or load a corrected saved response with --from-file.'
        : 'Fix the file.'),
  );
}
