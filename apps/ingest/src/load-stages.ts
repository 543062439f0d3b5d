/**
 * The load's stages, in order. Each is a pause point for the fault tests; all but `cores and
 * crew` (reached inside a batch's write, between a record's own table and its children) are also
 * timed. `validate` and `write` alternate once per batch, `validate` to `removals` once per
 * resource.
 */
export const LOAD_STAGES = [
  'lock',
  'validate',
  'write',
  'cores and crew',
  'removals',
  'marts',
  'refreshing',
  'checks',
  'run log',
] as const;
export type LoadStage = (typeof LOAD_STAGES)[number];
