import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, defaultGroupLinearStrategy, GroupLinear, Parameters, Rng, type GroupLinearStrategy } from '@rimjs/core';
import { groupLinearFlops } from '../flops/matmul-flops.js';
import { trainFlops } from '../flops/train-flops.js';
import type { BenchMode, BenchSize } from '../schema/bench-record.js';
import type { BenchCase, BenchInstance, Suite } from '../suite/suite.js';

/**
 * The GroupLinear maps of one RIM step at the sizes of the official RIM code (Goyal et al. 2019,
 * copying and sequential MNIST: 6 units, hidden 100 per unit, input value 400, communication
 * key/query 32 and value 100 per head, 4 communication heads). `small` divides every size by 4.
 */
const RIM_MAPS = [
  { preset: 'lstm-input', inSize: 400, outSize: 400, what: 'GroupLSTM input -> 4 gates' },
  { preset: 'lstm-hidden', inSize: 100, outSize: 400, what: 'GroupLSTM hidden -> 4 gates' },
  { preset: 'comm-query', inSize: 100, outSize: 128, what: 'communication query/key, 4 heads x 32' },
  { preset: 'comm-output', inSize: 400, outSize: 100, what: 'communication output, 4 heads x 100 -> hidden' },
] as const;

/** Options of {@link groupLinearSuite}. */
export interface GroupLinearSuiteOptions {
  /** `paper` (default): the RIM sizes above; `small`: every size / 4. */
  size?: BenchSize;
  /** Batch. Default 64 (paper) or 8 (small). */
  batch?: number;
  /** Units of the per-RIM cases. Default 6. */
  units?: number;
  /** Units of the scaling cases (`lstm-hidden`, train). Default `[2, 4, 6, 8, 12, 16, 24]`; `[]` for none. */
  scalingUnits?: readonly number[];
  /** Modes measured. Default both `infer` and `train`. */
  modes?: readonly BenchMode[];
  /** GroupLinear strategy; default the backend's (`defaultGroupLinearStrategy`). */
  strategy?: GroupLinearStrategy;
}

interface MapSpec {
  id: string;
  preset: string;
  units: number;
  inSize: number;
  outSize: number;
  mode: BenchMode;
  scaling: boolean;
}

function makeCase(spec: MapSpec, size: BenchSize, batch: number, strategy: GroupLinearStrategy | undefined): BenchCase {
  const { units, inSize, outSize, mode } = spec;
  const forward = groupLinearFlops({ batch, units, inSize, outSize, bias: true });
  return {
    id: spec.id,
    model: 'rim',
    preset: spec.preset,
    task: 'copying',
    size,
    mode,
    batch,
    steps: 1,
    flopsPerStep: mode === 'train' ? trainFlops(forward) : forward,
    params: { units, inSize, outSize },
    ...(spec.scaling ? { scaleAxis: 'units' } : {}),
    setup({ backend, seed }): BenchInstance {
      const params = new Parameters(new Rng(seed).child(spec.id));
      const layer = new GroupLinear(params.scope('proj'), { units, inputSize: inSize, outputSize: outSize });
      const x = tf.randomNormal([batch, units, inSize], 0, 1, 'float32', new Rng(seed).child(`${spec.id}.x`).seed()) as tf.Tensor3D;
      const options = strategy ? { strategy } : {};
      const variables = params.trainable();
      const run =
        mode === 'infer'
          ? async () => {
              const y = tf.tidy(() => layer.apply(x, options)); // [batch, units, out]
              await y.data();
              y.dispose();
            }
          : async () => {
              // loss = sum(y): its gradient is all ones, so backward is the two matmuls of the rule.
              const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x, options)) as tf.Scalar, variables);
              const out = [value, ...Object.values(grads)];
              await Promise.all(out.map((t) => t.data()));
              tf.dispose(out);
            };
      return {
        run,
        dispose: () => {
          x.dispose();
          params.dispose();
        },
        params: { strategy: strategy ?? defaultGroupLinearStrategy(backend) },
      };
    },
  };
}

/**
 * The built-in demo suite `groupLinear`: `@rimjs/core`'s GroupLinear, forward (`infer`) and
 * forward + backward (`train`, gradients of `sum(y)` read back), for each map of one RIM step,
 * plus a scaling series over the number of units. One step = one call on `x [batch, units, in]`.
 *
 * @throws ConfigError when a size is not a positive integer or a mode is unknown.
 * @example
 * const results = await runBenchmarks([groupLinearSuite({ size: 'small' })], { backends: ['cpu'] });
 */
export function groupLinearSuite(options: GroupLinearSuiteOptions = {}): Suite {
  const { size = 'paper', units = 6, scalingUnits = [2, 4, 6, 8, 12, 16, 24], modes = ['infer', 'train'], strategy } = options;
  const batch = options.batch ?? (size === 'paper' ? 64 : 8);
  const check = new ConfigCheck('groupLinearSuite');
  check.oneOf('size', size, ['paper', 'small']).positiveInt('batch', batch).positiveInt('units', units);
  scalingUnits.forEach((u, i) => check.positiveInt(`scalingUnits[${i}]`, u));
  modes.forEach((m, i) => check.oneOf(`modes[${i}]`, m, ['infer', 'train']));
  check.throwIfAny();
  const scale = size === 'paper' ? 1 : 4;
  const specs: MapSpec[] = [];
  for (const map of RIM_MAPS) {
    for (const mode of modes) {
      specs.push({ id: `${map.preset}-${mode}`, preset: map.preset, units, inSize: map.inSize / scale, outSize: map.outSize / scale, mode, scaling: false });
    }
  }
  const hidden = RIM_MAPS[1];
  for (const u of scalingUnits) {
    specs.push({ id: `scaling-units${u}-train`, preset: hidden.preset, units: u, inSize: hidden.inSize / scale, outSize: hidden.outSize / scale, mode: 'train', scaling: true });
  }
  return {
    name: 'groupLinear',
    description: `GroupLinear forward/backward at RIM ${size} sizes (batch ${batch}), and over ${scalingUnits.length} unit counts`,
    cases: specs.map((s) => makeCase(s, size, batch, strategy)),
  };
}
