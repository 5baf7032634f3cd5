// The page: picks a model and a data file, hands the learning to worker.js, and draws the
// progressive learning curve (accuracy with its Hoeffding interval, or RMSE) as it comes.
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
let data = null;  // { name, text } of the stream to learn
let curve = [];   // { examples, value, bound } a point for every chunk learned
let downloadUrls = [];

// "gracePeriod=50 seed=3" -> { gracePeriod: '50', seed: '3' }; the runtime checks the values.
function parseOptions(text) {
  const options = {};
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new Error(`a hyperparameter is name=value, got '${pair}'`);
    options[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return options;
}

function useData(name, text) {
  data = { name, text };
  $('learn').disabled = false;
  $('status').textContent = `${name}: ${text.split('\n').filter(Boolean).length} lines, ready to learn.`;
}

function figures(summary) {
  const rate = `${Math.round(summary.examples_per_second).toLocaleString('en')} examples/s`;
  return summary.task === 'classification'
    ? `accuracy ${summary.accuracy.toFixed(4)} ± ${summary.accuracy_bound.toFixed(4)} (${summary.confidence * 100}%), ${rate}`
    : `RMSE ${summary.rmse.toPrecision(6)}, MAE ${summary.mae.toPrecision(6)}, ${rate}`;
}

function drawCurve(task) {
  const canvas = $('curve');
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  const pad = 36;
  context.clearRect(0, 0, width, height);
  if (curve.length === 0) return;
  const maxX = curve.at(-1).examples;
  const top = task === 'classification' ? 1 : Math.max(...curve.map((p) => p.value)) * 1.1;
  const x = (examples) => pad + (width - 2 * pad) * (examples / maxX);
  const y = (value) => height - pad - (height - 2 * pad) * Math.min(Math.max(value / top, 0), 1);
  context.strokeStyle = '#9aa5b8';
  context.strokeRect(pad, pad, width - 2 * pad, height - 2 * pad);
  context.fillStyle = '#1d2430';
  context.font = '12px system-ui';
  context.fillText(task === 'classification' ? 'progressive accuracy ± Hoeffding bound' : 'progressive RMSE', pad, pad - 8);
  context.fillText(`${maxX} examples`, width - pad - 80, height - 10);
  context.fillText(top.toPrecision(3), 2, pad + 4);
  context.fillText('0', 20, height - pad + 4);
  if (task === 'classification') {  // the interval as a band
    context.fillStyle = 'rgba(60, 110, 220, 0.15)';
    context.beginPath();
    curve.forEach((p, i) => (i ? context.lineTo : context.moveTo).call(context, x(p.examples), y(p.value + p.bound)));
    [...curve].reverse().forEach((p) => context.lineTo(x(p.examples), y(p.value - p.bound)));
    context.fill();
  }
  context.strokeStyle = '#2a5bd7';
  context.lineWidth = 2;
  context.beginPath();
  curve.forEach((p, i) => (i ? context.lineTo : context.moveTo).call(context, x(p.examples), y(p.value)));
  context.stroke();
  context.fillStyle = '#2a5bd7';
  for (const p of curve) context.fillRect(x(p.examples) - 2, y(p.value) - 2, 4, 4);
}

function roundTable({ rows, global, round }) {
  const score = (r) => (r.accuracy !== undefined ? `accuracy ${r.accuracy.toFixed(4)}` : `RMSE ${r.rmse.toPrecision(5)}`);
  const excluded = new Map(round.rejected.map(({ file, reason }) => [file, reason]));
  const lines = rows.map((r) => `<tr class="${r.hostile ? 'bad' : ''}"><td>${r.name}${r.hostile ? ' (hostile)' : ''}</td>` +
    `<td>${r.rows} rows</td><td>${score(r)}</td><td>${excluded.has(r.name) ? `excluded: ${excluded.get(r.name)}` : 'accepted'}</td></tr>`);
  lines.push(`<tr><th>global (${round.rule}, F = ${round.byzantine})</th><th>${round.accepted} accepted</th>` +
             `<th id="global-score">${score(global)}</th><th>round ${round.round}</th></tr>`);
  $('round').innerHTML = `<tr><th>model</th><th>data</th><th>on the whole file</th><th>server</th></tr>${lines.join('')}`;
}

worker.onmessage = ({ data: message }) => {
  const status = $('status');
  if (message.type === 'ready') {
    status.textContent = 'Ready: choose a data file.';
  } else if (message.type === 'progress' || message.type === 'learned') {
    const { summary } = message;
    const value = summary.task === 'classification' ? summary.accuracy : summary.rmse;
    if (message.type === 'progress') curve.push({ examples: summary.examples, value, bound: summary.accuracy_bound ?? 0 });
    drawCurve(summary.task);
    $('curve').dataset.points = String(curve.length);
    status.textContent = `${summary.examples} examples: ${figures(summary)}`;
    if (message.type === 'learned') {
      status.textContent = `Learned ${data.name}: ${summary.examples} examples, ${figures(summary)}.`;
      status.dataset.summary = JSON.stringify(summary);
      downloadUrls.forEach((url) => URL.revokeObjectURL(url));
      downloadUrls = [URL.createObjectURL(new Blob([message.model], { type: 'application/octet-stream' }))];
      $('download').href = downloadUrls[0];
      $('download').classList.remove('hidden');
      for (const [id, bytes, type] of [['download-c', message.header, 'text/x-c'],
                                       ['download-onnx', message.onnx, 'application/octet-stream']]) {
        $(id).classList.toggle('hidden', bytes === null);
        if (bytes === null) continue;
        downloadUrls.push(URL.createObjectURL(new Blob([bytes], { type })));
        $(id).href = downloadUrls[downloadUrls.length - 1];
      }
      $('learn').disabled = false;
      $('predict').disabled = false;
      $('federate').disabled = false;
    }
  } else if (message.type === 'predicted') {
    const score = message.accuracy !== undefined ? `accuracy ${message.accuracy.toFixed(4)}` : `RMSE ${message.rmse.toPrecision(6)}`;
    $('prediction-status').textContent = `${message.predictions.length} predictions` +
      (message.labeled ? `; on the ${message.labeled} labeled lines, ${score}` : '');
    $('predictions').textContent = message.predictions.slice(0, 200).join('\n');
  } else if (message.type === 'round') {
    roundTable(message);
    $('federate').disabled = false;
  } else if (message.type === 'error') {
    const target = message.during === 'predict' ? $('prediction-status') : status;
    target.textContent = `Error: ${message.message}`;
    target.dataset.error = message.message;
    $('learn').disabled = data === null;
    $('federate').disabled = false;
  }
};

$('shipped').onchange = async () => {
  const name = $('shipped').value;
  if (!name) return;
  const response = await fetch(`data/${name}`);
  useData(name, await response.text());
};
$('file').onchange = async () => {
  const [file] = $('file').files;
  if (file) useData(file.name, await file.text());
};
const drop = $('drop');
drop.ondragover = (event) => {
  event.preventDefault();
  drop.classList.add('over');
};
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = async (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const [file] = event.dataTransfer.files;
  if (file) useData(file.name, await file.text());
};

$('learn').onclick = () => {
  try {
    const options = parseOptions($('options').value);
    curve = [];
    delete $('status').dataset.summary;
    $('learn').disabled = true;
    $('status').textContent = `Learning ${data.name}…`;
    worker.postMessage({ type: 'learn', kind: $('kind').value, options, text: data.text });
  } catch (error) {
    $('status').textContent = `Error: ${error.message}`;
  }
};
$('predict').onclick = async () => {
  const [file] = $('predict-file').files;
  const text = file ? await file.text() : data.text;
  $('prediction-status').textContent = `Predicting ${file ? file.name : data.name}…`;
  worker.postMessage({ type: 'predict', text });
};
$('federate').onclick = () => {
  $('federate').disabled = true;
  $('round').innerHTML = '<tr><td>Training the clients…</td></tr>';
  worker.postMessage({ type: 'federate', kind: $('kind').value, options: parseOptions($('options').value),
                       text: data.text, clients: Number($('clients').value), rule: $('rule').value,
                       attack: $('attack').value });
};
