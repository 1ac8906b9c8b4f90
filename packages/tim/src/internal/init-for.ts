import { constant, glorotUniform, type Initializer, torchDefault, uniform, zeros } from '@rimjs/core';

/**
 * The initializer of a parameter of a TIM or standard layer, by name:
 * - `competition.*`: `U(-0.05, 0.05)` (the public TIM code's competition GroupLinear, `a = 0.05`);
 * - `attention.*.weight`: Glorot uniform (PyTorch `nn.MultiheadAttention`'s `xavier_uniform_`);
 * - `communication.*.weight`, `ffn.*.weight`: PyTorch's Linear default `U(+-1/sqrt(fanIn))`;
 * - `norm*.gain`: ones; every other bias: zeros.
 */
export function initFor(name: string): Initializer {
  if (name.startsWith('competition.')) return uniform({ min: -0.05, max: 0.05 });
  if (name.endsWith('.gain')) return constant(1);
  if (name.endsWith('.bias')) return zeros();
  if (name.startsWith('attention.')) return glorotUniform();
  return torchDefault();
}
