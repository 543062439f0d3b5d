/**
 * Synthetic launches shaped exactly like `GET /v5/launches` (valid against the contract), for
 * benchmarks at sizes the real API never reaches. Deterministic for a seed: 1 or 3 cores per
 * launch, cores reused in chains with realistic gaps, some crew, the last few upcoming, JSON
 * columns of realistic size.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { LANDING_TYPES, type Launch, type LaunchCore } from '@spacex/contract';
import { hexId as id } from '@spacex/contract/fixtures';

/** mulberry32: a small, fast, seedable PRNG; returns floats in [0, 1). */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const START = Date.parse('2006-03-24T22:30:00.000Z');
/** Cores in service at once: the oldest is stood down to make room (keeps each launch O(1)). */
const FLEET = 100;
/** Launches whose dates keep the default spacing: more are packed closer, to stay before 9999. */
const SPACED_LAUNCHES = 250_000;

interface ActiveCore {
  id: string;
  flights: number;
  lastFlownAt: number;
  retiresAfter: number;
}

/** The cores in service, flown and retired as launches need them. */
class Fleet {
  private readonly active: ActiveCore[] = [];
  private nextCore = 1;

  constructor(private readonly random: () => number) {}

  /** The core of one launch at `now`: a rested one reused most of the time, else a new one. */
  fly(now: number, upcoming: boolean): LaunchCore {
    const { random, active } = this;
    if (upcoming && random() < 0.5) return UNASSIGNED_CORE;
    // Reuse a core that has rested at least 20 days, most of the time.
    const rested = active.filter((c) => now - c.lastFlownAt >= 20 * DAY_MS);
    let core: ActiveCore;
    if (rested.length > 0 && random() < 0.75) {
      core = pick(random, rested);
    } else {
      core = {
        id: id('c', this.nextCore++),
        flights: 0,
        lastFlownAt: now,
        retiresAfter: 3 + Math.floor(random() * 15),
      };
      active.push(core);
      if (active.length > FLEET) active.shift();
    }
    core.flights += 1;
    core.lastFlownAt = now;
    const index = active.indexOf(core);
    if (core.flights >= core.retiresAfter && index >= 0) active.splice(index, 1);
    const landing = random() < 0.85;
    return {
      core: core.id,
      flight: core.flights,
      gridfins: true,
      legs: landing,
      reused: core.flights > 1,
      landing_attempt: upcoming ? null : landing,
      landing_success: upcoming || !landing ? null : random() < 0.95,
      landing_type: landing ? pick(random, LANDING_TYPES) : null,
      landpad: landing ? id('d', 1 + Math.floor(random() * 6)) : null,
    };
  }
}

/** An upcoming launch's core not yet assigned. */
const UNASSIGNED_CORE: LaunchCore = {
  core: null,
  flight: null,
  gridfins: true,
  legs: true,
  reused: null,
  landing_attempt: null,
  landing_success: null,
  landing_type: null,
  landpad: null,
};

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** Yields `count` launches in flight order; the same seed gives the same launches. */
export function* syntheticLaunches(count: number, seed: number): Generator<Launch> {
  const random = randomFrom(seed);
  const fleet = new Fleet(random);
  const crew = { next: 1 };
  let at = START;
  const upcomingFrom = count - Math.max(1, Math.round(count * 0.05));
  const spacing = Math.min(1, SPACED_LAUNCHES / count);
  for (let n = 1; n <= count; n++) {
    at += Math.round((0.5 + random() * 5.5) * spacing * DAY_MS);
    yield syntheticLaunch(n, at, n > upcomingFrom, random, fleet, crew);
  }
}

/**
 * Launch `n`, at `at`. Every draw of `random` happens in the order of the fields below: moving
 * one changes every launch after it for a seed.
 */
function syntheticLaunch(
  n: number,
  at: number,
  upcoming: boolean,
  random: () => number,
  fleet: Fleet,
  crew: { next: number },
): Launch {
  const heavy = random() < 0.03;
  const cores = Array.from({ length: heavy ? 3 : 1 }, () => fleet.fly(at, upcoming));
  // A core flies once per launch: a Heavy that drew the same core twice keeps one.
  const seen = new Set<string>();
  const distinctCores = cores.filter(
    (c) => c.core === null || (!seen.has(c.core) && seen.add(c.core) !== undefined),
  );
  const crewed = random() < 0.04;
  const date = new Date(at).toISOString();
  const failed = !upcoming && random() < 0.02;
  return {
    id: id('a', n),
    flight_number: n,
    name: `Synthetic ${n}`,
    date_utc: date,
    date_unix: Math.floor(at / 1000),
    date_local: date.replace('Z', '+00:00'),
    date_precision: upcoming ? pick(random, ['month', 'day', 'hour'] as const) : 'hour',
    static_fire_date_utc: random() < 0.5 ? new Date(at - 7 * DAY_MS).toISOString() : null,
    static_fire_date_unix: null,
    net: false,
    window: random() < 0.6 ? Math.floor(random() * 7200) : null,
    rocket: id('b', heavy ? 2 : 1),
    success: upcoming ? null : !failed,
    failures: failed
      ? [
          {
            time: Math.floor(random() * 600),
            altitude: random() < 0.5 ? null : Math.floor(random() * 200),
            reason: 'synthetic engine failure during ascent',
          },
        ]
      : [],
    details:
      random() < 0.7
        ? `Synthetic launch ${n} carries its payload to orbit; the first stage lands on a drone ship after a nominal ascent and entry burn.`
        : null,
    crew: crewed
      ? Array.from({ length: 2 + Math.floor(random() * 3) }, (_, i) => ({
          crew: id('e', crew.next++),
          role: i === 0 ? 'Commander' : 'Mission Specialist',
        }))
      : [],
    ships: random() < 0.5 ? [id('f', 1 + Math.floor(random() * 20))] : [],
    capsules: crewed ? [id('9', 1 + Math.floor(random() * 10))] : [],
    payloads: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => id('8', n * 4 + i)),
    launchpad: id('7', 1 + Math.floor(random() * 4)),
    upcoming,
    cores: distinctCores,
    fairings:
      heavy || crewed
        ? null
        : {
            reused: random() < 0.5,
            recovery_attempt: random() < 0.7,
            recovered: random() < 0.6,
            ships: [],
          },
    links: syntheticLinks(n, random),
    auto_update: true,
    tbd: false,
    launch_library_id: null,
  };
}

function syntheticLinks(n: number, random: () => number): Launch['links'] {
  return {
    patch: {
      small: `https://images2.imgbox.com/synthetic/${n}_small.png`,
      large: `https://images2.imgbox.com/synthetic/${n}_large.png`,
    },
    reddit: {
      campaign: null,
      launch: `https://www.reddit.com/r/spacex/comments/synthetic${n}`,
      media: null,
      recovery: null,
    },
    flickr: {
      small: [],
      original: Array.from(
        { length: Math.floor(random() * 5) },
        (_, i) => `https://live.staticflickr.com/65535/${n}_${i}_o.jpg`,
      ),
    },
    presskit: null,
    webcast: `https://youtu.be/synthetic${n}`,
    youtube_id: `synthetic${n}`,
    article: null,
    wikipedia: `https://en.wikipedia.org/wiki/Synthetic_${n}`,
  };
}

/** Writes `count` launches to `path` as a JSON array, streaming: memory stays flat for any count. */
export async function writeSyntheticFile(
  path: string,
  count: number,
  seed: number,
  /** Changes some launches (by their index) from what the seed gives: a later state of the source. */
  edit: (launch: Launch, index: number) => Launch = (launch) => launch,
): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let n = 0;
  await write('[');
  for (const launch of syntheticLaunches(count, seed)) {
    await write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(edit(launch, n))}`);
    n++;
  }
  await write('\n]\n');
  out.end();
  await once(out, 'finish');
}
