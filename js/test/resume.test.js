// A model survives save and load: learning half a stream, saving, loading and learning the rest
// gives the bytes of one run, for every kind, as resuming with -i and -f does on the command line.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { changingStream, tinymlkit } from './support.js';

const kinds = [['nm', 'regression'], ['hoeffding', 'classification'], ['hoeffding-regressor', 'regression'],
               ['forest', 'classification'], ['forest-regressor', 'regression']];

for (const [kind, task] of kinds) {
  test(`${kind}: save, load and go on is one run`, async () => {
    const lines = changingStream(3000, task);
    const options = { gracePeriod: kind === 'nm' ? undefined : 50 };
    if (options.gracePeriod === undefined) delete options.gracePeriod;
    const whole = await tinymlkit.createModel(kind, { ...options, seed: 5 });
    whole.learnLines(lines.join('\n'));

    const first = await tinymlkit.createModel(kind, { ...options, seed: 5 });
    first.learnLines(lines.slice(0, 1234).join('\n'));
    const resumed = await tinymlkit.loadModel(first.save());
    first.free();
    resumed.learnLines(lines.slice(1234).join('\n'));
    assert.deepEqual(resumed.save(), whole.save());
    assert.equal(resumed.predictLine(lines[7]), whole.predictLine(lines[7]));
    resumed.free();
    whole.free();
  });
}
