/**
 * Launches whose answers are known by construction (times in UTC):
 *
 * core A: flights 1 (2021-01-01), 2 (exactly 50 days later: not within 50), 3 (49.99 days after
 *         that: within 50). Also listed by an upcoming launch, which does not count.
 * core B: flights 1 (2021-01-05), 2 (10 days later: within 50), 3 (100 days after that).
 *         A and B tie at the maximum: 3 uses, 2 reuses.
 * cores C, D, E: one Falcon Heavy launch with three cores, one use each.
 * a past launch with an unknown core (null id), which counts for months but for no core.
 *
 * an upcoming launch 5 days after A3 listing core A, which counts for nothing.
 *
 * Months (UTC): 2021-01 has 4 launches (A1, B1, B2 and the null-core launch on its last second),
 * 2021-02 has 1 (A2), 2021-03 has 1 (the Heavy, on its last second: April in local time),
 * 2021-04 has 2 (A3, B3; the upcoming launch does not count).
 */
import { hexId, makeCore, makeLaunch } from '@spacex/contract/fixtures';

export const DAY_MS = 86_400_000;
export const CORE_A = hexId('c', 0xa);
export const CORE_B = hexId('c', 0xb);

const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs).toISOString();

const a1 = at('2021-01-01T00:00:00.000Z');
const a2 = at(a1, 50 * DAY_MS); // 2021-02-20T00:00:00Z: exactly 50 days
const a3 = at(a2, 49.99 * DAY_MS); // 2021-04-10T23:45:36Z: 49.99 days
const b1 = at('2021-01-05T12:00:00.000Z');
const b2 = at(b1, 10 * DAY_MS); // 2021-01-15T12:00:00Z
const b3 = at(b2, 100 * DAY_MS); // 2021-04-25T12:00:00Z
const lastSecondOfJanuary = '2021-01-31T23:59:59.000Z';
const heavy = '2021-03-31T23:59:59.000Z'; // the last second of March, UTC; April in Asia

export const times = { a1, a2, a3, b1, b2, b3, lastSecondOfJanuary, heavy };

export function answerFixtures() {
  return [
    makeLaunch(1, a1, { name: 'A1', cores: [makeCore(CORE_A, 1)] }),
    makeLaunch(2, b1, { name: 'B1', cores: [makeCore(CORE_B, 1)] }),
    makeLaunch(3, b2, { name: 'B2', cores: [makeCore(CORE_B, 2)] }),
    makeLaunch(4, lastSecondOfJanuary, { name: 'Null core', cores: [makeCore(null, null)] }),
    makeLaunch(5, a2, { name: 'A2', cores: [makeCore(CORE_A, 2)] }),
    makeLaunch(6, heavy, {
      name: 'Heavy',
      date_local: '2021-04-01T07:59:59+08:00',
      cores: [
        makeCore(hexId('c', 0xc), 1),
        makeCore(hexId('c', 0xd), 1),
        makeCore(hexId('c', 0xe), 1),
      ],
    }),
    makeLaunch(7, a3, { name: 'A3', cores: [makeCore(CORE_A, 3)] }),
    makeLaunch(8, b3, { name: 'B3', cores: [makeCore(CORE_B, 3)] }),
    makeLaunch(9, at(a3, 5 * DAY_MS), {
      name: 'Upcoming A4',
      upcoming: true,
      success: null,
      cores: [makeCore(CORE_A, 4)],
    }),
  ];
}
