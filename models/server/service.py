"""inference.GRPCInferenceService, hand-written with grpc's generic handlers (no grpc Python plugin needed)."""
import queue
import threading

import grpc

from interface import metadata
from sequences import RequestError

SERVICE = "inference.GRPCInferenceService"
_END = object()


class Service:
    def __init__(self, pb, runner, log):
        self.pb, self.runner, self.log = pb, runner, log
        self.ready = True
        self.closing = threading.Event()

    def handler(self):
        pb = self.pb

        def unary(fn, req, res):
            return grpc.unary_unary_rpc_method_handler(fn, req.FromString, res.SerializeToString)

        return grpc.method_handlers_generic_handler(SERVICE, {
            "ServerLive": unary(self.server_live, pb.ServerLiveRequest, pb.ServerLiveResponse),
            "ServerReady": unary(self.server_ready, pb.ServerReadyRequest, pb.ServerReadyResponse),
            "ModelReady": unary(self.model_ready, pb.ModelReadyRequest, pb.ModelReadyResponse),
            "ModelMetadata": unary(self.model_metadata, pb.ModelMetadataRequest, pb.ModelMetadataResponse),
            "ModelInfer": unary(self.model_infer, pb.ModelInferRequest, pb.ModelInferResponse),
            "ModelStreamInfer": grpc.stream_stream_rpc_method_handler(
                self.model_stream_infer, pb.ModelInferRequest.FromString, pb.ModelStreamInferResponse.SerializeToString),
        })

    def server_live(self, request, context):
        return self.pb.ServerLiveResponse(live=True)

    def server_ready(self, request, context):
        return self.pb.ServerReadyResponse(ready=self.ready and not self.closing.is_set())

    def model_ready(self, request, context):
        ready = request.name == self.runner.name and request.version in ("", "1") and not self.closing.is_set()
        return self.pb.ModelReadyResponse(ready=ready)

    def model_metadata(self, request, context):
        try:
            self.runner.check_model(request.name)
        except RequestError as e:
            context.abort(e.code, str(e))
        inputs, outputs = metadata(self.runner.model)
        tensor = self.pb.ModelMetadataResponse.TensorMetadata
        return self.pb.ModelMetadataResponse(
            name=self.runner.name, versions=["1"], platform="pytorch_nacre",
            inputs=[tensor(name=n, datatype=d, shape=s) for n, d, s in inputs],
            outputs=[tensor(name=n, datatype=d, shape=s) for n, d, s in outputs])

    def model_infer(self, request, context):
        try:
            return self.runner.infer(request)
        except RequestError as e:
            self.log(f"ModelInfer from {context.peer()}: {e.code.name}: {e}")
            context.abort(e.code, str(e))

    def model_stream_infer(self, requests, context):
        """each request answered in order; an error is answered with error_message and the stream goes on;
        at shutdown the stream is finished with UNAVAILABLE"""
        inbox = queue.Queue()
        threading.Thread(target=pump, args=(requests, inbox), name="stream-reader", daemon=True).start()
        peer = context.peer()
        self.log(f"stream opened by {peer}")
        while True:
            item = self.next_request(inbox)
            if item is None:
                context.set_code(grpc.StatusCode.UNAVAILABLE)
                context.set_details("model server shutting down: the sequences on this stream have ended")
                self.log(f"stream of {peer} finished: shutting down")
                return
            if item is _END or isinstance(item, Exception):
                self.log(f"stream of {peer} closed" + (f": {item}" if isinstance(item, Exception) else ""))
                return
            yield self.stream_answer(item, peer)

    def next_request(self, inbox):
        """the next request, _END or an exception from the reader; None once the server is closing"""
        while not self.closing.is_set():
            try:
                return inbox.get(timeout=0.1)
            except queue.Empty:
                continue
        return None

    def stream_answer(self, request, peer):
        try:
            return self.pb.ModelStreamInferResponse(infer_response=self.runner.infer(request))
        except RequestError as e:
            self.log(f"ModelStreamInfer from {peer}: {e.code.name}: {e}")
            return self.pb.ModelStreamInferResponse(
                error_message=f"{e.code.name}: {e}", infer_response=self.pb.ModelInferResponse(
                    model_name=self.runner.name, id=request.id))


def pump(requests, inbox):
    try:
        for request in requests:
            inbox.put(request)
        inbox.put(_END)
    except Exception as e:  # the client went away: grpc raises from the iterator
        inbox.put(e)
