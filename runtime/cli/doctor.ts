import * as ort from 'onnxruntime-node';
import { ModelLoadError } from '../../models/contract/errors.ts';
import { loadWorldModel } from '../../models/backends.ts';
import type { Provider } from '../../models/onnx/protocol.ts';
import { silentLogger } from '../core/log.ts';
import type { BackendStatus } from '../core/world-model.ts';
import { deviceChecks } from './devices.ts';
import { machineChecks } from './machine-checks.ts';

/** Prints what this machine offers the runtime; exits non-zero when the configured model cannot run. */
export async function doctor(o: { model: string; provider: Provider }): Promise<number> {
  const line = (ok: boolean | 'info', what: string) =>
    console.log(`${ok === 'info' ? 'info' : ok ? 'ok  ' : 'FAIL'}  ${what}`);
  const [major] = process.versions.node.split('.').map(Number);
  line(major! >= 20, `node ${process.versions.node} (needs 20 or later)`);
  const backends = ort.listSupportedBackends().map((b) => `${b.name}${b.bundled ? '' : ' (separate install)'}`);
  line(true, `onnxruntime-node ${ort.env.versions.node ?? ''} backends: ${backends.join(', ')}`);
  for (const c of await deviceChecks()) line(c.ok, c.what);
  for (const c of await machineChecks()) line(c.ok, c.what);
  try {
    const model = await loadWorldModel(o.model, { provider: o.provider, lookahead: 0, log: silentLogger() });
    const session = await model.openSession();
    const out = await session.next();
    const m = model.manifest;
    line(
      true,
      `model ${o.model}: ${m.name} ${m.width}x${m.height} at ${m.fps} fps (${where(model.describe())}), one step ${out.runMs.toFixed(1)} ms`,
    );
    await model.close();
    return 0;
  } catch (err) {
    line(false, err instanceof ModelLoadError ? err.message : `model ${o.model}: ${(err as Error).message}`);
    return 1;
  }
}

function where(b: BackendStatus): string {
  return `${b.backend}: ${b.where}`;
}
