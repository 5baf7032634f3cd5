// Bad input through the API: an Error carrying the runtime's message, and a model that goes on
// as before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dataLines, libraryModules, tinymlkit } from './support.js';

const { createModel, loadModel } = tinymlkit;

test('a hyperparameter out of range, unknown or malformed is an Error naming it', async () => {
  await assert.rejects(createModel('hoeffding', { gracePeriod: 0 }), /--grace-period: 0 is outside 1 to 1000000000/);
  await assert.rejects(createModel('hoeffding', { graceperiod: 10 }), /has no hyperparameter 'graceperiod'/);
  await assert.rejects(createModel('nm', { loss: 'cubic' }), /--loss/);
  await assert.rejects(createModel('nm', { window: 'many' }), /--window: expected an integer, got 'many'/);
  await assert.rejects(createModel('nm', { minStep: 1, restartStep: 0.5 }), /min-step/);  // a spec constraint
  await assert.rejects(createModel('nm', { loss: 'squared\nwindow=10' }), /bad hyperparameter/);
  await assert.rejects(createModel('no-such-model'), /cannot load the no-such-model library module/);
});

test('a bad example is an Error with its column, and the model is as it was', async () => {
  const model = await createModel('hoeffding', { gracePeriod: 50 });
  const lines = dataLines('pima.txt');
  model.learnLines(lines.slice(0, 100).join('\n'));
  const before = model.save();
  assert.throws(() => model.learnLine('neg | 0:2 1:x'), /column 13: expected a number after ':', got 'x'/);
  assert.throws(() => model.learnLine('neg | 3:1 3:2'), /feature index 3 appears twice/);
  assert.throws(() => model.learnOne({ 99999999: 1 }, 'neg'), /feature index 99999999 is not below --max-features 100000/);
  assert.throws(() => model.learnOne({ 0: NaN }, 'neg'), /feature 1: a feature value must be finite/);
  assert.throws(() => model.learnOne({ 0: '1' }, 'neg'), /a feature value is a number/);
  assert.throws(() => model.learnOne({ '-1': 1 }, 'neg'), /a feature index is an integer/);
  assert.throws(() => model.learnOne({ 0: 1 }, 'two words'), /a label is one token/);
  assert.throws(() => model.learnOne({ 0: 1 }, 'neg', -1), /the weight must be between 0 and 1e6/);
  assert.throws(() => model.learnOne({ 0: 1 }), /learnOne needs a label/);
  assert.deepEqual(model.save(), before);
  assert.throws(() => model.learnLines('neg | 0:1\nneg | 0:1 :2\n'), /line 2, column 11: expected a feature index/);
  assert.equal(model.summary().learned, 101);  // the line before the bad one stays learned
  model.free();
  assert.throws(() => model.predictOne({ 0: 1 }), /this hoeffding model was freed/);
});

test('a regressor refuses probabilities and a non-numeric label', async () => {
  const model = await createModel('hoeffding-regressor');
  assert.throws(() => model.predictProbaOne({ 0: 1 }), /probabilities need a classification loss/);
  assert.throws(() => model.learnOne({ 0: 1 }, 'tall'), /label/);
  model.free();
});

test('a corrupt, truncated or foreign model file is an Error, never a model', async () => {
  const model = await createModel('nm');
  model.learnLines(dataLines('boston.txt').join('\n'));
  const bytes = model.save();
  const flipped = bytes.slice();
  flipped[flipped.length - 20] ^= 1;
  await assert.rejects(loadModel(flipped), /checksum mismatch/);
  await assert.rejects(loadModel(bytes.subarray(0, bytes.length - 5)), /truncated model file/);
  await assert.rejects(loadModel(new TextEncoder().encode('1 | 0:1\n')), /not a TinyMLKit model file/);
  await assert.rejects(loadModel(bytes, { module: new URL('tinymlkit-hoeffding.lib.wasm', libraryModules) }),
                       /a 'nm' model.*reads 'hoeffding' models/);
  model.free();
});
