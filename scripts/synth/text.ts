/**
 * Small string transforms used to plant faults and to write the source files' spelling.
 */

/** Upper case without accents, the way NPPES, LEIE and SAM spell names (`Peña` -> `PENA`). */
export function registryCase(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value.toUpperCase();
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}

export function isPlainAscii(value: string): boolean {
  return /^[A-Za-z' -]*$/.test(value);
}

const VOWEL_SWAP: Readonly<Record<string, string>> = { a: 'e', e: 'a', o: 'u', u: 'o' };

/** A plausible misspelling of a surname (`Smith` -> `Smyth`); equal to the input if none fits. */
export function misspell(surname: string): string {
  if (surname.includes('i')) return surname.replace('i', 'y');
  if (surname.includes('y')) return surname.replace('y', 'i');
  return surname.replace(/[aeou]/, (v) => VOWEL_SWAP[v] ?? v);
}

/** Swaps the first two differing adjacent letters after the initial (`Hannah` -> `Hnanah`). */
export function transpose(name: string): string {
  for (let i = 1; i + 1 < name.length; i++) {
    if (name[i] !== name[i + 1]) {
      return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    }
  }
  return name;
}
