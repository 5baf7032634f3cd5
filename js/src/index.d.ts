// TypeScript declarations of the tinymlkit package (src/index.js, src/model.js).

/** Features: index -> value as an object or Map, a dense array (index = position), or arrays. */
export type Features =
  | Record<number, number>
  | Map<number, number>
  | readonly number[]
  | { indexes: readonly number[]; values: readonly number[] };

/** A class name for a classifier; a number for a regressor. */
export type Prediction = string | number | null;

/** Where a library module comes from: `module` (a URL, path, bytes or compiled module) or a folder. */
export interface ModuleSource {
  module?: string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module;
  moduleBase?: string | URL;
}

/** Hyperparameters by their command-line names, in camelCase or as written there, plus seed and preset. */
export type Hyperparameters = Record<string, string | number | boolean | readonly (string | number)[]>;

/** What --summary-json writes: progressive accuracy and its Hoeffding interval, or MAE and RMSE, and the model's figures. */
export interface Summary {
  program: string;
  task: 'classification' | 'regression';
  examples: number;
  labeled: number;
  learned: number;
  skipped: number;
  average_loss: number;
  accuracy?: number;
  accuracy_bound?: number;
  confidence?: number;
  mae?: number;
  rmse?: number;
  seconds: number;
  examples_per_second: number;
  [figure: string]: number | string | undefined;
}

export class Model {
  readonly kind: string;
  readonly task: 'classification' | 'regression';
  /** Predicts x, then learns it with label y; returns the prediction made before learning. */
  learnOne(x: Features, y: string | number, weight?: number): Prediction;
  /** The class (null before any is learned), or the estimate. */
  predictOne(x: Features): Prediction;
  /** Every class's probability. */
  predictProbaOne(x: Features): Record<string, number>;
  /** One line of the data format; undefined for a blank or comment line. */
  learnLine(line: string): Prediction | undefined;
  predictLine(line: string): Prediction | undefined;
  predictProbaLine(line: string): Record<string, number> | undefined;
  /** Learns every line of text; returns the number of examples learned. */
  learnLines(text: string): number;
  /** The model as a .tmk file. */
  save(): Uint8Array;
  /** The model without raw examples, what a federated client sends. */
  exportSummary(): Uint8Array;
  summary(): Summary;
  /** What --export-c writes: the model as one self-contained C99 header (a federated ensemble of regression trees throws). */
  exportC(): string;
  /** What --export-onnx writes: an ONNX file whose graph predicts as the model does (a federated ensemble of regression trees by a robust rule throws). */
  exportOnnx(): Uint8Array;
  /** What --readable-model writes: hyperparameters, the federation record (rounds, excluded clients), the model. */
  describe(): Record<string, unknown>;
  free(): void;
}

export function createModel(kind: string, options?: Hyperparameters, where?: ModuleSource): Promise<Model>;
export function loadModel(bytes: Uint8Array | ArrayBuffer, where?: ModuleSource): Promise<Model>;
/** The kind a .tmk file holds. */
export function modelKind(bytes: Uint8Array): string;

export interface RoundOptions {
  rule?: 'median' | 'geomedian' | 'mean-around-median' | 'trimmed-mean' | 'krum' | 'centered-clip' | 'mean';
  byzantine?: number;
  strict?: boolean;
  previous?: Uint8Array;
}
/** One federated round: the robust aggregate of client models (.tmk bytes), as the CLI's -m ... -f. */
export function aggregate(kind: string, clients: readonly Uint8Array[], options?: RoundOptions, where?: ModuleSource): Promise<Model>;
