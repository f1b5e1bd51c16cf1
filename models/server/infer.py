"""One wm/1 request: sequence parameters, inputs checked against the metadata, one model step, the outputs."""
import grpc
import torch

from interface import metadata
from sequences import RequestError
from tensors import BadRequest, encode_bytes, jpeg_frames, raw, read_inputs


class Runner:
    def __init__(self, pb, model, name, device, sequences, log):
        self.pb, self.model, self.name, self.device = pb, model, name, torch.device(device)
        self.sequences, self.log = sequences, log
        inputs, outputs = metadata(model)
        self.inputs = {n: (d, s) for n, d, s in inputs}
        # a prompt is accepted (and logged) even from a client that sends one to a model that lists none
        self.inputs.setdefault("prompt", ("BYTES", [1]))
        self.outputs = {n: (d, s) for n, d, s in outputs}

    def check_model(self, name):
        if name != self.name:
            raise RequestError(grpc.StatusCode.NOT_FOUND,
                               f'model "{name}" is not served here: this server serves "{self.name}"')

    def infer(self, request):
        """ModelInferRequest -> ModelInferResponse; raises RequestError"""
        self.check_model(request.model_name)
        sequence_id, start, end = sequence_parameters(request.parameters)
        try:
            inputs = read_inputs(request, self.inputs)
            if "action" not in inputs:
                raise BadRequest('no "action" input: every wm/1 step sends action FP32 ' + str(self.inputs["action"][1]))
            wanted = self.requested(request.outputs)
            prompt = self.prompt(inputs)
        except BadRequest as e:
            raise RequestError(grpc.StatusCode.INVALID_ARGUMENT, f"sequence {sequence_id}: {e}")
        style = inputs["style"].to(self.device) if "style" in inputs else None
        if prompt is not None:
            used = "" if getattr(self.model, "takes_prompt", False) else " (this model takes no text: ignored)"
            self.log(f'sequence {sequence_id}: prompt "{prompt}"{used}')
        seq = self.sequences.start(sequence_id, lambda: self.first_state(sequence_id, inputs, style)) if start \
            else self.sequences.get(sequence_id)
        try:
            frames, audio, seq.state = self.model.step(seq.state, inputs["action"].to(self.device), style, prompt)
            seq.steps += 1
        except Exception as e:
            self.log(f"sequence {sequence_id}: step failed: {type(e).__name__}: {e}")
            raise RequestError(grpc.StatusCode.INTERNAL, f"sequence {sequence_id}: the model's step failed: {e}")
        finally:
            self.sequences.release(seq)
        if end:
            self.sequences.end(sequence_id, "sequence_end")
        return self.response(request, sequence_id, wanted, frames, audio, prompt)

    def first_state(self, sequence_id, inputs, style):
        try:
            return self.init_model(inputs, style)
        except Exception as e:
            self.log(f"sequence {sequence_id}: init failed: {type(e).__name__}: {e}")
            raise RequestError(grpc.StatusCode.INTERNAL, f"sequence {sequence_id}: the model's init failed: {e}")

    def init_model(self, inputs, style):
        seed = float(inputs["seed"][0, 0]) if "seed" in inputs else 0.0
        image = None
        if "image" in inputs and float(inputs.get("image_present", torch.ones(1, 1))[0, 0]) > 0:
            image = inputs["image"].to(self.device)
        return self.model.init(seed, style, image)

    def prompt(self, inputs):
        if "prompt" not in inputs:
            return None
        try:
            return inputs["prompt"][0].decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest('input "prompt" is not UTF-8 text')

    def requested(self, outputs):
        """[(name, parameters)]; none requested: every output but frame_jpeg"""
        if not outputs:
            return [(n, {}) for n in self.outputs if n != "frame_jpeg"]
        for o in outputs:
            if o.name not in self.outputs:
                raise BadRequest(f'unknown output "{o.name}": this model gives {", ".join(self.outputs)}')
        return [(o.name, o.parameters) for o in outputs]

    def response(self, request, sequence_id, wanted, frames, audio, prompt):
        pb = self.pb
        r = pb.ModelInferResponse(model_name=self.name, model_version="1", id=request.id)
        r.parameters["sequence_id"].uint64_param = sequence_id
        if prompt is not None:
            r.parameters["prompt_used"].bool_param = bool(getattr(self.model, "takes_prompt", False))
        for name, params in wanted:
            datatype, shape = self.outputs[name]
            if name == "frame":
                data = raw(frames.reshape(shape))
            elif name == "frame_jpeg":
                quality = params["quality"].int64_param if "quality" in params else 85
                data = encode_bytes(jpeg_frames(frames, max(1, min(100, quality))))
            elif audio is None:
                raise RequestError(grpc.StatusCode.INTERNAL, "the model's step gave no audio")
            else:
                data = raw(audio.reshape(shape).float())
            r.outputs.add(name=name, datatype=datatype, shape=shape)
            r.raw_output_contents.append(data)
        return r


def sequence_parameters(parameters):
    """(sequence_id, start, end) from the request parameters of Triton's sequence extension"""
    if "sequence_id" not in parameters:
        raise RequestError(grpc.StatusCode.INVALID_ARGUMENT,
                           "no sequence_id parameter: every wm/1 request belongs to a sequence (uint64 sequence_id, "
                           "sequence_start on its first request)")
    p = parameters["sequence_id"]
    kind = p.WhichOneof("parameter_choice")
    value = getattr(p, kind) if kind else None
    if kind not in ("uint64_param", "int64_param") or value <= 0:
        raise RequestError(grpc.StatusCode.INVALID_ARGUMENT,
                           f"sequence_id must be a positive uint64 or int64 parameter, got {kind or 'no value'}: {value}")
    return getattr(p, kind), flag(parameters, "sequence_start"), flag(parameters, "sequence_end")


def flag(parameters, name):
    if name not in parameters:
        return False
    p = parameters[name]
    if p.WhichOneof("parameter_choice") != "bool_param":
        raise RequestError(grpc.StatusCode.INVALID_ARGUMENT, f"{name} must be a bool parameter")
    return p.bool_param
