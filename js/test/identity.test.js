// The library modules against the native command line, for every model and its losses: a stream
// learned through the API saves the bytes `-f` writes, with the same progressive predictions, and
// a saved model predicts what `-i model.tmk -t` predicts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { changingStream, cliArguments, dataLines, inFolder, parseLine, runNative, tinymlkit } from './support.js';

const classifierStream = changingStream(4000, 'classification');
const regressionStream = changingStream(4000, 'regression');
const streams = { 'pima.txt': dataLines('pima.txt'), 'boston.txt': dataLines('boston.txt'),
                  'changing-classes.txt': classifierStream, 'changing-values.txt': regressionStream };

const runs = [
  ...['squared', 'absolute', 'huber', 'quantile'].map((loss) => ['nm', 'boston.txt', { loss }]),
  ['nm', 'changing-values.txt', {}],
  ...['logistic', 'hinge'].map((loss) => ['nm', 'pima.txt', { loss }]),
  ['nm', 'changing-classes.txt', { loss: 'logistic' }],
  ['hoeffding', 'pima.txt', {}],
  ['hoeffding', 'changing-classes.txt', {}],
  ['hoeffding', 'changing-classes.txt', { preset: 'moa', leafPrediction: 'nb', gracePeriod: 50 }],
  ['hoeffding-regressor', 'boston.txt', {}],
  ['hoeffding-regressor', 'changing-values.txt', { leafModel: 'model', gracePeriod: 50 }],
  ['forest', 'pima.txt', {}],
  ['forest', 'changing-classes.txt', { trees: 4, seed: 7 }],
  ['forest-regressor', 'boston.txt', {}],
  ['forest-regressor', 'changing-values.txt', { trees: 4, seed: 3 }],
];

// What the native program writes for `lines` under `options`: the model and the progressive
// predictions, then that model's predictions on the same lines (-t, with probabilities for a
// classifier), in the form the API gives them.
function nativeRun(kind, lines, options, classifies) {
  return inFolder((file) => {
    writeFileSync(file('data.txt'), lines.join('\n') + '\n');
    runNative(kind, ['-d', file('data.txt'), '-f', file('m.tmk'), '-p', file('progressive.txt'), ...cliArguments(options)]);
    runNative(kind, ['-d', file('data.txt'), '-i', file('m.tmk'), '-t', '-p', file('predicted.txt'),
                     ...(classifies ? ['--probabilities'] : [])]);
    runNative(kind, ['-i', file('m.tmk'), '--export-c', file('m.h'), '--export-onnx', file('m.onnx')]);
    const read = (name) => readFileSync(file(name), 'utf8').split('\n').slice(0, -1);
    const probabilities = (text) => Object.fromEntries(text.split(' ').map((pair) => {
      const colon = pair.lastIndexOf(':');
      return [pair.slice(0, colon), Number(pair.slice(colon + 1))];
    }));
    return {
      model: readFileSync(file('m.tmk')),
      header: readFileSync(file('m.h'), 'utf8'),
      onnx: readFileSync(file('m.onnx')),
      progressive: read('progressive.txt').map((text) => (classifies ? text : Number(text))),
      predicted: read('predicted.txt').map((text) => (classifies ? probabilities(text) : Number(text))),
    };
  });
}

for (const [kind, streamName, options] of runs) {
  test(`${kind} ${streamName} ${JSON.stringify(options)}: the API saves and predicts as the CLI`, async () => {
    const lines = streams[streamName];
    const model = await tinymlkit.createModel(kind, options);
    const classifies = model.task === 'classification';
    const progressive = lines.map((line) => model.learnLine(line));
    const saved = model.save();
    model.free();

    const cli = nativeRun(kind, lines, options, classifies);
    assert.deepEqual(Buffer.from(saved), cli.model, 'the saved model differs from -f');
    assert.deepEqual(progressive, cli.progressive, 'the progressive predictions differ from -p');

    // learnOne on the parsed features learns the same model.
    const again = await tinymlkit.createModel(kind, options);
    for (const line of lines) {
      const { label, weight, x } = parseLine(line);
      again.learnOne(x, label, weight);
    }
    assert.deepEqual(Buffer.from(again.save()), cli.model, 'learnOne learned another model than learnLine');
    again.free();

    const loaded = await tinymlkit.loadModel(saved);
    assert.equal(loaded.exportC(), cli.header, 'exportC() differs from --export-c');
    assert.deepEqual(Buffer.from(loaded.exportOnnx()), cli.onnx, 'exportOnnx() differs from --export-onnx');
    const predicted = lines.map((line) => (classifies ? loaded.predictProbaLine(line) : loaded.predictLine(line)));
    assert.deepEqual(predicted, cli.predicted);
    loaded.free();
  });
}
