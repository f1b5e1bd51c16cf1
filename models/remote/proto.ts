/**
 * The KServe v2 gRPC protocol subset (proto/grpc_service.proto, Triton's field numbers) loaded with
 * @grpc/proto-loader, and the TypeScript shape of the messages the wm/1 binding uses.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_PATH = fileURLToPath(new URL('./proto/grpc_service.proto', import.meta.url));
export const SERVICE = 'inference.GRPCInferenceService';

/** one of InferParameter's oneof; uint64/int64 arrive as decimal strings (longs: String) */
export interface InferParameter {
  bool_param?: boolean;
  int64_param?: string | number;
  string_param?: string;
  double_param?: number;
  uint64_param?: string | number;
  parameter_choice?: 'bool_param' | 'int64_param' | 'string_param' | 'double_param' | 'uint64_param';
}

export interface TensorMetadata {
  name: string;
  datatype: string;
  /** int64 values as strings (or numbers, from a peer that set them so) */
  shape: (string | number)[];
}

export interface ModelMetadataResponse {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

export interface InferInputTensor {
  name: string;
  datatype: string;
  shape: (string | number)[];
  parameters?: Record<string, InferParameter>;
}

export interface ModelInferRequest {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: Record<string, InferParameter>;
  inputs: InferInputTensor[];
  outputs?: { name: string; parameters?: Record<string, InferParameter> }[];
  raw_input_contents: Uint8Array[];
}

export interface ModelInferResponse {
  model_name: string;
  model_version?: string;
  id: string;
  parameters: Record<string, InferParameter>;
  outputs: InferInputTensor[];
  raw_output_contents: Buffer[];
}

export interface ModelStreamInferResponse {
  error_message: string;
  infer_response?: ModelInferResponse | null;
}

let loaded: grpc.ServiceDefinition | undefined;

/** the service's methods: paths, serializers (loaded once) */
export function serviceDefinition(): grpc.ServiceDefinition {
  if (loaded) return loaded;
  const def = protoLoader.loadSync(PROTO_PATH, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const service = def[SERVICE];
  if (!service || !('ServerLive' in service)) throw new Error(`${PROTO_PATH} defines no ${SERVICE}`);
  loaded = service as grpc.ServiceDefinition;
  return loaded;
}

export type MethodName =
  'ServerLive' | 'ServerReady' | 'ModelReady' | 'ModelMetadata' | 'ModelInfer' | 'ModelStreamInfer';

export function method(name: MethodName): grpc.MethodDefinition<object, object> {
  const m = serviceDefinition()[name];
  if (!m) throw new Error(`${PROTO_PATH}: ${SERVICE} has no ${name}`);
  return m as grpc.MethodDefinition<object, object>;
}

/** a gRPC error's code name and details, e.g. "UNAVAILABLE: No connection established" */
export function grpcErrorText(err: unknown): string {
  const e = err as Partial<grpc.ServiceError>;
  if (typeof e.code === 'number') {
    const name = grpc.status[e.code] ?? String(e.code);
    return `${name}: ${e.details || e.message || 'no details'}`;
  }
  return (err as Error)?.message ?? String(err);
}

export function paramNumber(p: InferParameter | undefined): number | undefined {
  const v = p?.uint64_param ?? p?.int64_param ?? p?.double_param;
  return v === undefined ? undefined : Number(v);
}
