// Federated rounds through the API: clients learn parts of a stream in the page, send summaries,
// and aggregate() makes the global model the command line's -m ... -f makes from the same files,
// excluding a hostile client by name.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { changingStream, dataLines, inFolder, runNative, tinymlkit } from './support.js';

const { aggregate, createModel } = tinymlkit;

const kinds = [['nm', dataLines('boston.txt')], ['hoeffding', changingStream(3000, 'classification')],
               ['hoeffding-regressor', changingStream(3000, 'regression')],
               ['forest', changingStream(2000, 'classification')], ['forest-regressor', changingStream(2000, 'regression')]];

async function clientSummaries(kind, lines, count) {
  const summaries = [];
  for (let c = 0; c < count; ++c) {
    const client = await createModel(kind, { seed: c + 1 });
    client.learnLines(lines.filter((_, row) => row % count === c).join('\n'));
    summaries.push(client.exportSummary());
    client.free();
  }
  return summaries;
}

for (const [kind, lines] of kinds) {
  test(`${kind}: aggregate() makes the bytes of the CLI's round`, async () => {
    const clients = await clientSummaries(kind, lines, 4);
    const global = await aggregate(kind, clients, { rule: 'median' });
    const cli = inFolder((file) => {
      const args = clients.flatMap((bytes, c) => {
        writeFileSync(file(`c${c}.tmk`), bytes);
        return ['-m', file(`c${c}.tmk`)];
      });
      runNative(kind, [...args, '-f', file('global.tmk'), '--aggregate', 'median']);
      return readFileSync(file('global.tmk'));
    });
    assert.deepEqual(Buffer.from(global.save()), cli);
    assert.equal(global.describe().federation.round, 1);

    const next = await aggregate(kind, clients, { rule: 'median', previous: global.save() });
    assert.equal(next.describe().federation.round, 2);
    global.free();
    next.free();
  });
}

test('a hostile client is excluded by name, and too many deny nothing but the round', async () => {
  const lines = dataLines('boston.txt');
  const honest = await clientSummaries('nm', lines, 3);
  const other = await createModel('nm', { window: 50 });
  other.learnLines(lines.slice(0, 100).join('\n'));
  const corrupt = honest[0].slice();
  corrupt[corrupt.length - 9] ^= 0xff;
  const global = await aggregate('nm', [...honest, other.exportSummary(), corrupt], { byzantine: 2 });
  const [round] = global.describe().federation.history;
  assert.equal(round.accepted, 3);
  assert.deepEqual(round.rejected.map(({ file }) => file).sort(), ['client 4', 'client 5']);
  assert.match(round.rejected.find(({ file }) => file === 'client 5').reason, /checksum mismatch/);
  assert.match(round.rejected.find(({ file }) => file === 'client 4').reason, /--window 50/);
  await assert.rejects(aggregate('nm', [...honest, corrupt, corrupt], { byzantine: 1 }),
                       /2 of 5 client models were rejected, more than F = 1/);
  await assert.rejects(aggregate('nm', honest, { rule: 'average' }), /--aggregate/);
  await assert.rejects(aggregate('nm', [...honest, corrupt], { strict: true }), /client rejected \(--strict\)/);
  global.free();
  other.free();
});
