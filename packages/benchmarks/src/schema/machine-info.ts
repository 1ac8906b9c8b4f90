import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { MachineInfo } from './bench-record.js';

/**
 * Describes this machine for a results file: OS, CPU model and count, memory, Node and tfjs
 * versions, and the active tfjs backend.
 *
 * @param backend the backend to report; default `tf.getBackend()`.
 * @example
 * machineInfo(); // { os: 'Linux 6.8.0', cpuModel: 'AMD EPYC ...', cpuCount: 2, node: 'v20.19.0', tfjs: '4.22.0', backend: 'wasm', ... }
 */
export function machineInfo(backend: string = tf.getBackend() ?? 'none'): MachineInfo {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    tfjs: tf.version_core,
    backend,
  };
}
