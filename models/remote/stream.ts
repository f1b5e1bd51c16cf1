/**
 * One ModelStreamInfer stream: requests written in order, each answered in order. A stream that errors,
 * ends early, stalls, or answers that its sequence is gone is broken for good: every waiting step fails
 * and `onBroken` is told once (the model keeper then opens a new sequence on a new connection).
 */
import * as grpc from '@grpc/grpc-js';
import { ModelRunError } from '../contract/errors.ts';
import type { RemoteChannel } from './channel.ts';
import {
  grpcErrorText,
  type ModelInferRequest,
  type ModelInferResponse,
  type ModelStreamInferResponse,
} from './proto.ts';

interface Waiter {
  id: string;
  sentAt: number;
  resolve: (r: ModelInferResponse) => void;
  reject: (e: Error) => void;
}

const ROUND_TRIPS = 30;

/** an error answer that means the sequence is gone (idle timeout, server restart, never started) */
export function sequenceDropped(message: string): boolean {
  return /sequence/i.test(message) && /NOT_FOUND|not open|START flag|unknown sequence|expired|no longer/i.test(message);
}

export class StepStream {
  private readonly call: grpc.ClientDuplexStream<object, object>;
  private readonly waiting: Waiter[] = [];
  private brokenBy: Error | undefined;
  private ending = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly trips: number[] = [];

  constructor(
    channel: RemoteChannel,
    private readonly where: string,
    private readonly stallMs: number,
    private readonly onBroken: (err: Error) => void,
  ) {
    this.call = channel.stream();
    this.call.on('data', (r: ModelStreamInferResponse) => this.answer(r));
    this.call.on('error', (err) => this.break(`the stream failed: ${grpcErrorText(err)}`));
    this.call.on('end', () =>
      this.break(
        this.waiting.length ? 'the server ended the stream with steps unanswered' : 'the server ended the stream',
      ),
    );
  }

  get broken(): Error | undefined {
    return this.brokenBy;
  }

  /** mean round trip (request written -> answer read) of the last steps */
  get roundTripMs(): number | undefined {
    return this.trips.length ? this.trips.reduce((a, b) => a + b, 0) / this.trips.length : undefined;
  }

  send(request: ModelInferRequest): Promise<ModelInferResponse> {
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    if (this.ending) return Promise.reject(new ModelRunError(`${this.where}: the stream is closing`, 'closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: request.id ?? '', sentAt: performance.now(), resolve, reject });
      if (this.waiting.length === 1) this.arm();
      this.call.write(request);
    });
  }

  /** no more requests: the server finishes the stream once it has answered what was sent */
  end(): void {
    if (this.ending || this.brokenBy) return;
    this.ending = true;
    if (!this.waiting.length) this.finish();
  }

  /** cancels the stream as a crash would: waiting steps fail, onBroken is told */
  cancel(reason: string): void {
    this.break(reason);
  }

  private answer(r: ModelStreamInferResponse): void {
    const head = this.waiting.shift();
    if (!head) return this.break('the server answered a request that was never sent');
    this.trips.push(performance.now() - head.sentAt);
    if (this.trips.length > ROUND_TRIPS) this.trips.shift();
    this.arm();
    if (r.error_message) {
      if (sequenceDropped(r.error_message) || /^UNAVAILABLE\b/.test(r.error_message)) {
        this.waiting.unshift(head); // failed with the others, by the same error
        const why = sequenceDropped(r.error_message) ? 'the server dropped the sequence' : 'the server is going away';
        return this.break(`${why}: ${r.error_message}`);
      }
      head.reject(
        new ModelRunError(`${this.where}: step ${head.id} failed on the server: ${r.error_message}`, 'run-failed'),
      );
    } else if (!r.infer_response) {
      head.reject(
        new ModelRunError(
          `${this.where}: step ${head.id}: the stream's answer carries no infer_response`,
          'run-failed',
        ),
      );
    } else if (r.infer_response.id && head.id && r.infer_response.id !== head.id) {
      head.reject(
        new ModelRunError(
          `${this.where}: step ${head.id} was answered as request "${r.infer_response.id}"`,
          'run-failed',
        ),
      );
    } else head.resolve(r.infer_response);
    if (this.ending && !this.waiting.length) this.finish();
  }

  /** the stall watchdog: the oldest waiting step must be answered within stallMs of the last answer */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.waiting.length || this.brokenBy) return;
    this.timer = setTimeout(
      () => this.break(`no answer for ${this.stallMs} ms (step ${this.waiting[0]?.id}): the server stalled`),
      this.stallMs,
    );
    this.timer.unref();
  }

  private finish(): void {
    clearTimeout(this.timer);
    this.brokenBy = new ModelRunError(`${this.where}: the stream is closed`, 'closed');
    this.call.removeAllListeners('end');
    this.call.removeAllListeners('error');
    this.call.on('error', () => undefined);
    this.call.end();
    setTimeout(() => this.call.cancel(), 1000).unref();
  }

  private break(reason: string): void {
    if (this.brokenBy) return;
    clearTimeout(this.timer);
    const err = new ModelRunError(`${this.where}: ${reason}`, 'crashed');
    this.brokenBy = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.call.removeAllListeners('error');
    this.call.on('error', () => undefined);
    this.call.cancel();
    this.onBroken(err);
  }
}
