// The package as users get it: `npm pack` of the staged package gives a tarball that a fresh
// folder installs (no registry: it has no dependencies) and imports by name, modules included.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { dataFile, inFolder, packageDir } from './support.js';

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--offline'],
                                        { cwd, stdio: 'pipe', encoding: 'utf8' });

test('npm pack gives a tarball that a fresh folder installs and uses', () => {
  inFolder((file) => {
    npm(['pack', packageDir, '--pack-destination', file('')], file(''));
    const [tarball] = readdirSync(file('')).filter((name) => name.endsWith('.tgz'));
    assert.match(tarball, /^tinymlkit-\d+\.\d+\.\d+\.tgz$/);
    const listing = execFileSync('tar', ['-tzf', file(tarball)], { encoding: 'utf8' }).split('\n');
    for (const kind of ['nm', 'hoeffding', 'hoeffding-regressor', 'forest', 'forest-regressor'])
      assert.ok(listing.includes(`package/lib/tinymlkit-${kind}.lib.wasm`), `no ${kind} module in ${tarball}`);
    assert.ok(listing.includes('package/src/index.d.ts'));

    writeFileSync(file('package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    npm(['install', file(tarball)], file(''));
    writeFileSync(file('app.js'), `
      import { createModel, loadModel } from 'tinymlkit';
      import { readFileSync } from 'node:fs';
      const model = await createModel('hoeffding-regressor', { gracePeriod: 50 });
      model.learnLines(readFileSync(${JSON.stringify(dataFile('boston.txt'))}, 'utf8'));
      const again = await loadModel(model.save());
      console.log(JSON.stringify({ learned: model.summary().learned, same: again.predictLine('| 5:6.5') === model.predictLine('| 5:6.5') }));
    `);
    const output = execFileSync(process.execPath, [file('app.js')], { cwd: file(''), encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), { learned: 506, same: true });
  });
});
