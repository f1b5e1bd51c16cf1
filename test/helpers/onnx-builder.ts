/** A small ONNX graph writer for tests (onnx-proto): builds real model files without Python. */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export const ElemType = { float32: 1, uint8: 2, int32: 6, int64: 7 } as const;
export type ElemName = keyof typeof ElemType;

type Attr = number | number[];

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly inits: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;

  input(name: string, type: ElemName, shape: number[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  output(name: string, type: ElemName, shape: number[], from: string): void {
    this.op('Identity', [from], {}, name);
    this.outputs.push(valueInfo(name, type, shape));
  }

  const(values: number[], dims: number[], type: 'float32' | 'int64' = 'float32'): string {
    const name = `c${this.counter++}`;
    this.inits.push(
      type === 'float32'
        ? { name, dataType: ElemType.float32, dims, floatData: values }
        : { name, dataType: ElemType.int64, dims, int64Data: values },
    );
    return name;
  }

  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, out?: string): string {
    const output = out ?? `t${this.counter++}`;
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v)
        ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
        : Number.isInteger(v)
          ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
          : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v },
    );
    this.nodes.push({ opType, input: inputs, output: [output], attribute });
    return output;
  }

  encode(opset = 16): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'nacre-tests',
      opsetImport: [{ domain: '', version: opset }],
      graph: { name: 'g', node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElemName, shape: number[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: ElemType[type], shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
  };
}
