// The built library, as another package imports it: plain Node, default export conditions (dist).
import { busyMonths, coresReusedWithin, maxCoreUses } from '@spacex/analytics';
import { openDatabase } from '@spacex/db';

const handle = await openDatabase({
  target: { engine: 'pglite', dir: 'memory://', display: 'memory' },
});
try {
  const answers = [
    await maxCoreUses(handle.db),
    await coresReusedWithin(handle.db),
    await busyMonths(handle.db),
  ];
  console.log(`ci: the built @spacex/analytics answers from dist: ${JSON.stringify(answers)}`);
} finally {
  await handle.close();
}
