import { ConfigError } from '@rimjs/core';
import type { RecurrentPolicy } from './recurrent-policy.js';

/**
 * How the parameters learn (Madan et al., arXiv 2105.08710):
 * - `meta`: fast = each RIM unit's cell weights (`modules`) plus encoder, mission and heads,
 *   updated in the inner loop; slow = input and communication attention, updated in the outer loop;
 * - `reversed`: the ablation, attention fast and modules slow;
 * - `joint`: every parameter in one group, every update (plain RIM training, and the LSTM).
 */
export type LearningScheme = 'joint' | 'meta' | 'reversed';

/** The schemes of {@link LearningScheme}. */
export const LEARNING_SCHEMES: readonly LearningScheme[] = ['joint', 'meta', 'reversed'];

/** Full parameter names of the fast (inner-loop) and slow (outer-loop) groups. */
export interface ParameterSplit {
  fast: string[];
  slow: string[];
}

/**
 * Splits a policy's parameters for a scheme. The encoder, mission embedding and heads are not
 * named by the paper's abstract; they go with the fast group (DESIGN CHOICE, see README).
 * @throws ConfigError for `meta` / `reversed` on an LSTM policy (it has no attention).
 */
export function splitParameters(policy: RecurrentPolicy, scheme: LearningScheme): ParameterSplit {
  const g = policy.parameterGroups();
  const shared = [...g.encoder, ...g.mission, ...g.heads];
  if (scheme === 'joint') return { fast: [...g.encoder, ...g.mission, ...g.modules, ...g.attention, ...g.heads], slow: [] };
  if (g.attention.length === 0) throw new ConfigError(`splitParameters: scheme '${scheme}' needs a RIM policy (attention parameters); this policy's core is '${policy.config.core}'`);
  return scheme === 'meta' ? { fast: [...g.modules, ...shared], slow: [...g.attention] } : { fast: [...g.attention, ...shared], slow: [...g.modules] };
}
