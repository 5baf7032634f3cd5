// Runs a file that --export-onnx wrote in onnxruntime-node on a data file, one row a line: the
// label and every class's probability, or the regressor's value, numbers as JavaScript prints
// doubles (the shortest form that reads back the same). Features past the model's input are
// dropped, as the programs ignore them.
// Usage: node onnx_predict.mjs ONNXRUNTIME_NODE_DIR MODEL.onnx DATA.txt FEATURES
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [ortDir, modelPath, dataPath, featureText] = process.argv.slice(2);
const ort = createRequire(path.join(ortDir, "index.js"))(ortDir);
const features = Number(featureText);
const lines = readFileSync(dataPath, "utf8").split("\n").filter((line) => line.trim() !== "");
const x = new Float64Array(lines.length * features);
lines.forEach((line, row) => {
  for (const pair of line.slice(line.indexOf("|") + 1).trim().split(/\s+/).filter(Boolean)) {
    const [index, value] = pair.split(":");
    if (Number(index) < features) x[row * features + Number(index)] = Number(value);
  }
});
const session = await ort.InferenceSession.create(modelPath);
const outputs = await session.run({ X: new ort.Tensor("float64", x, [lines.length, features]) });
const out = [];
for (let row = 0; row < lines.length; ++row) {
  if (outputs.variable) {
    out.push(String(outputs.variable.data[row]));
    continue;
  }
  const classes = outputs.probabilities.dims[1];
  const probabilities = Array.from(outputs.probabilities.data.slice(row * classes, (row + 1) * classes), String);
  out.push([outputs.label.data[row], ...probabilities].join(" "));
}
process.stdout.write(out.join("\n") + "\n");
