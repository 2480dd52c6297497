import { fileURLToPath } from 'node:url';

/** Path of a file in the package's `data/` folder, from `src/` or from the built `dist/`. */
export function dataFile(name: string): string {
  return fileURLToPath(new URL(`../data/${name}`, import.meta.url));
}
