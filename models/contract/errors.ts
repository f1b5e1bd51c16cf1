/** A model folder that cannot be used: names the file, and the tensor where one is at fault. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    readonly tensor?: string,
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

/** A model that loaded but failed while running (worker crash, run error, closed session). */
export class ModelRunError extends Error {
  override readonly name = 'ModelRunError';
  constructor(
    message: string,
    readonly reason: 'crashed' | 'run-failed' | 'closed' | 'bad-state',
  ) {
    super(message);
  }
}
