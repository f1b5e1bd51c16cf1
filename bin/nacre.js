#!/usr/bin/env node
// `npx nacre ...`: the CLI (runtime/cli/index.ts) through tsx's loader, with the thread pool the npm scripts give it.
globalThis.process.env.UV_THREADPOOL_SIZE ??= '16';
const { register } = await import('tsx/esm/api');
register();
await import('../runtime/cli/index.ts');
