/**
 * Transposed matrix products on the WASM backend, routed through its fast path.
 *
 * tfjs-backend-wasm 4.22 hands a product to XNNPACK only when neither operand is transposed; with
 * transposeA or transposeB set it falls back to a scalar loop (about 12× slower for 256×64 · 64×64).
 * Every gradient of a matMul is such a product (Xᵀ·dY for the weights, dY·Wᵀ for the input), so
 * training spent most of its time there. `routeTransposedProductsOnWasm` replaces the wasm kernels
 * `BatchMatMul` and `_FusedMatMul` with wrappers that transpose a flagged operand explicitly (the
 * wasm `Transpose` kernel, a cheap copy), call the original kernel with the flag cleared, and free
 * the copy. Products without a transpose go straight to the original kernel.
 *
 * The engine still sees one kernel per product (tf.profile counts the wrapper once); the transpose
 * runs inside it.
 */
import { tf } from './tf';

type KernelConfig = ReturnType<typeof tf.getKernel>;
type KernelFunc = KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** What the wrappers need of the wasm backend object (its own type is not exported by name). */
interface WasmBackendLike {
  disposeData(dataId: object, force?: boolean): boolean;
}

const PRODUCT_KERNELS = [tf.BatchMatMul, tf._FusedMatMul] as const;

/** The wrappers installed so far: installing twice must not wrap a wrapper. */
const wrappers = new WeakSet<KernelFunc>();

/**
 * Replace the wasm `BatchMatMul` and `_FusedMatMul` kernels with the transposing wrappers. Call it
 * once the wasm backend is registered (before or after it is set up: the original set-up function
 * is kept). Idempotent. Returns false if the kernels it needs are not registered (then nothing
 * changes).
 */
export function routeTransposedProductsOnWasm(): boolean {
  const transposeConfig = tf.getKernel(tf.Transpose, 'wasm');
  if (!transposeConfig) return false;
  const configs = PRODUCT_KERNELS.map((name) => tf.getKernel(name, 'wasm'));
  if (configs.some((config) => !config)) return false;
  for (const original of configs) {
    if (wrappers.has(original.kernelFunc)) continue;
    const wrapper = transposingKernel(original.kernelFunc, transposeConfig.kernelFunc);
    wrappers.add(wrapper);
    tf.unregisterKernel(original.kernelName, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: wrapper });
  }
  return true;
}

/** True when the wasm product kernels are the transposing wrappers. */
export function transposedProductsRouted(): boolean {
  return PRODUCT_KERNELS.every((name) => {
    const config = tf.getKernel(name, 'wasm');
    return config !== undefined && wrappers.has(config.kernelFunc);
  });
}

function transposingKernel(product: KernelFunc, transpose: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const attrs = args.attrs ?? {};
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    if (!transposeA && !transposeB) return product(args);
    const backend = args.backend as WasmBackendLike;
    const copies: TensorInfo[] = [];
    const plain = (operand: TensorInfo): TensorInfo => {
      const { info, copied } = swapLastTwo(operand, backend, transpose);
      if (copied) copies.push(info);
      return info;
    };
    try {
      const inputs = { ...args.inputs };
      if (transposeA) inputs.a = plain(args.inputs.a as TensorInfo);
      if (transposeB) inputs.b = plain(args.inputs.b as TensorInfo);
      return product({ ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const copy of copies) backend.disposeData(copy.dataId);
    }
  };
}

/**
 * The operand with its last two dimensions swapped. If one of them is 1 the memory layout is the
 * same either way, so only the shape changes (no copy); otherwise the wasm Transpose kernel copies.
 */
function swapLastTwo(operand: TensorInfo, backend: WasmBackendLike, transpose: KernelFunc): { info: TensorInfo; copied: boolean } {
  const rank = operand.shape.length;
  const shape = [...operand.shape];
  [shape[rank - 2], shape[rank - 1]] = [shape[rank - 1], shape[rank - 2]];
  if (operand.shape[rank - 2] === 1 || operand.shape[rank - 1] === 1) {
    return { info: { dataId: operand.dataId, shape, dtype: operand.dtype }, copied: false };
  }
  const perm = operand.shape.map((_, i) => (i < rank - 2 ? i : i === rank - 2 ? rank - 1 : rank - 2));
  const info = transpose({ inputs: { x: operand }, backend, attrs: { perm } }) as TensorInfo;
  return { info, copied: true };
}
