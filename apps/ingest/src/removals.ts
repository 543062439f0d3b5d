/** The removal guard: a run removes only a bounded share of what is stored, unless allowed. */
import { RemovalGuardError } from './errors.js';

/**
 * How many records of an entity a run may remove: `all`, a number, or (undefined) the default
 * bound, DEFAULT_MAX_REMOVAL_SHARE of those stored rounded down and at most DEFAULT_MAX_REMOVALS.
 * Rounded down, so a small table (4 rockets, 7 landpads) loses nothing without proof: a read
 * holding 1 of 4 rockets is far likelier a bad read than 3 rockets gone.
 */
export type MaxRemovals = number | 'all' | undefined;
export const DEFAULT_MAX_REMOVALS = 10;
export const DEFAULT_MAX_REMOVAL_SHARE = 0.05;

/**
 * Fails unless removing `removing` of the `stored` launches is allowed. An empty read removes
 * nothing unless `allowed` is given; otherwise the default bound applies.
 */
export function guardRemovals(
  removing: number,
  stored: number,
  read: number,
  allowed: MaxRemovals,
  /** What is removed, in messages: `launches`, or another entity's name. */
  noun = 'launches',
): void {
  if (removing === 0 || allowed === 'all') return;
  const retry =
    `If upstream really removed them, run again with --max-removals ${removing} (or --max-removals all). ` +
    'To start over from other data instead (say, the real data after synthetic launches), empty the database first: pnpm db:reset --yes.';
  if (allowed !== undefined) {
    if (removing > allowed) {
      throw new RemovalGuardError(
        `This run would remove ${removing} of the ${stored} stored ${noun}, more than --max-removals ${allowed} allows; nothing was changed. ${retry}`,
      );
    }
    return;
  }
  if (read === 0) {
    throw new RemovalGuardError(
      `The source holds no ${noun}, so this run would remove all ${removing} stored ${noun}; nothing was changed. ` +
        `An empty read removes nothing by default: check the source. ${retry}`,
    );
  }
  const bound = Math.min(DEFAULT_MAX_REMOVALS, Math.floor(stored * DEFAULT_MAX_REMOVAL_SHARE));
  if (removing > bound) {
    throw new RemovalGuardError(
      `This run would remove ${removing} of the ${stored} stored ${noun}, more than the default bound of ${bound} ` +
        `(${DEFAULT_MAX_REMOVAL_SHARE * 100}% of those stored, rounded down, and at most ${DEFAULT_MAX_REMOVALS}); ` +
        `nothing was changed. A short read looks like this: check the source. ${retry}`,
    );
  }
}
