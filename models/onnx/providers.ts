import * as ort from 'onnxruntime-node';
import type { Provider } from './protocol.ts';

const CHAINS: Record<Provider, string[]> = {
  cpu: ['cpu'],
  cuda: ['cuda', 'cpu'],
  tensorrt: ['tensorrt', 'cuda', 'cpu'],
};

const HELP =
  'On the GPU workstation install the CUDA/TensorRT build of onnxruntime-node as README.md "GPU workstation" ' +
  'explains, or set model.provider to cpu.';

/** The execution-provider chain for a session, or an error that says what to do. */
export function providerChain(provider: Provider): string[] {
  if (provider === 'cpu') return CHAINS.cpu;
  const supported = ort.listSupportedBackends().map((b) => b.name);
  if (!supported.includes(provider)) {
    throw new Error(
      `execution provider "${provider}" is not in this onnxruntime-node build (it has ${supported.join(', ')}). ${HELP}`,
    );
  }
  return CHAINS[provider];
}

export function explainProviderFailure(provider: Provider, err: Error): Error {
  if (provider === 'cpu') return err;
  return new Error(`execution provider "${provider}" could not start: ${err.message.split('\n')[0]}. ${HELP}`);
}
