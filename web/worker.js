// The page's learning, off the main thread: TinyMLKit's JavaScript package in a module worker.
// Messages in: learn, predict, federate. Messages out: progress, learned, predicted, round, error.
import { aggregate, createModel } from '../js/src/index.js';

let model = null;

function labelOf(line) {
  const head = line.split('|')[0].trim();
  return head === '' || line.trim().startsWith('#') ? '' : head.split(/\s+/)[0];
}

// Predicts every line with `predictor` (no learning); the accuracy or RMSE over the labeled ones.
function evaluate(predictor, lines) {
  let labeled = 0;
  let correct = 0;
  let squared = 0;
  const predictions = [];
  for (const line of lines) {
    const prediction = predictor.predictLine(line);
    if (prediction === undefined) continue;
    predictions.push(prediction);
    const label = labelOf(line);
    if (label === '') continue;
    ++labeled;
    if (predictor.task === 'classification') correct += prediction === label ? 1 : 0;
    else squared += (prediction - Number(label)) ** 2;
  }
  const score = predictor.task === 'classification' ? { accuracy: correct / labeled } : { rmse: Math.sqrt(squared / labeled) };
  return { predictions, labeled, ...score };
}

async function learn({ kind, options, text }) {
  model?.free();
  model = await createModel(kind, options);
  const lines = text.split('\n');
  // About a hundred points on the curve, each a progress message between two chunks.
  const chunk = Math.min(5000, Math.max(50, Math.ceil(lines.length / 100)));
  const start = performance.now();
  for (let first = 0; first < lines.length; first += chunk) {
    try {
      model.learnLines(lines.slice(first, first + chunk).join('\n'));
    } catch (error) {  // its line number counts from the chunk's start: from the file's instead
      throw new Error(error.message.replace(/^line (\d+)/, (_, line) => `line ${first + Number(line)}`));
    }
    const summary = model.summary();
    postMessage({ type: 'progress', summary, seconds: (performance.now() - start) / 1000 });
    // Let the worker take messages between chunks.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  // The model as C and as ONNX, unless it cannot be written yet (a classifier with no class).
  const exported = (write) => {
    try {
      return write();
    } catch {
      return null;
    }
  };
  postMessage({ type: 'learned', summary: model.summary(), seconds: (performance.now() - start) / 1000,
                model: model.save(), header: exported(() => model.exportC()), onnx: exported(() => model.exportOnnx()) });
}

function predict({ text }) {
  if (!model) throw new Error('learn a model first');
  const { predictions, labeled, accuracy, rmse } = evaluate(model, text.split('\n'));
  postMessage({ type: 'predicted', predictions: predictions.map(String), labeled, accuracy, rmse });
}

// Deals the rows to `clients` clients; the last one is hostile: it learns flipped labels (class
// names rotated, values negated), or sends a corrupt file.
async function federate({ kind, options, text, clients, rule, attack }) {
  const lines = text.split('\n').filter((line) => labelOf(line) !== '');
  const classes = [...new Set(lines.map(labelOf))];
  const flip = (line, task) => {
    const label = labelOf(line);
    const flipped = task === 'classification' ? classes[(classes.indexOf(label) + 1) % classes.length]
                                              : String(-Number(label));
    return flipped + line.slice(line.indexOf(label) + label.length);
  };
  const summaries = [];
  const rows = [];
  for (let c = 0; c < clients; ++c) {
    const hostile = c === clients - 1;
    const client = await createModel(kind, { ...options, seed: c + 1 });
    const part = lines.filter((_, row) => row % clients === c);
    client.learnLines((hostile && attack === 'poison' ? part.map((line) => flip(line, client.task)) : part).join('\n'));
    let summary = client.exportSummary();
    if (hostile && attack === 'corrupt') {
      summary = summary.slice();
      summary[summary.length - 12] ^= 0x5a;
    }
    const { accuracy, rmse } = evaluate(client, lines);
    rows.push({ name: `client ${c + 1}`, hostile, rows: part.length, accuracy, rmse });
    summaries.push(summary);
    client.free();
  }
  const global = await aggregate(kind, summaries, { rule, byzantine: 1 });
  const { accuracy, rmse } = evaluate(global, lines);
  const [round] = global.describe().federation.history;
  global.free();
  postMessage({ type: 'round', rows, global: { accuracy, rmse }, round });
}

onmessage = async ({ data }) => {
  try {
    if (data.type === 'learn') await learn(data);
    else if (data.type === 'predict') predict(data);
    else if (data.type === 'federate') await federate(data);
  } catch (error) {
    postMessage({ type: 'error', message: error.message, during: data.type });
  }
};

postMessage({ type: 'ready' });
