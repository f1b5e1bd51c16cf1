import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/** may this user read and write the device node */
export const readableAndWritable = (path: string): Promise<boolean> =>
  access(path, constants.R_OK | constants.W_OK).then(
    () => true,
    () => false,
  );

/** is the command on PATH */
export const onPath = (cmd: string): Promise<boolean> =>
  Promise.any((process.env.PATH ?? '').split(':').map((d) => access(join(d, cmd), constants.X_OK))).then(
    () => true,
    () => false,
  );
