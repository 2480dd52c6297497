/** One broken rule in one resource; `rule` is a stable id (an invariant name where one exists). */
export interface RuleProblem {
  rule: string;
  message: string;
}

/** A resource as the rules read it: any JSON object. */
export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function has(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'string') return v.trim().length > 0;
  return v !== undefined && v !== null;
}

/** Codes of a CodeableConcept (or a list of them) in one system. */
export function codesIn(concept: unknown, system?: string): string[] {
  const concepts = Array.isArray(concept) ? concept : [concept];
  return concepts.flatMap((c) =>
    list(isObject(c) ? c.coding : undefined).flatMap((coding) =>
      isObject(coding) && (!system || coding.system === system) && typeof coding.code === 'string'
        ? [coding.code]
        : [],
    ),
  );
}

/** A checker of one resource type, given the resource. */
export type Rules = (r: Json) => RuleProblem[];

/** Runs named predicates; each false one becomes a problem. */
export function expectAll(checks: [rule: string, ok: boolean, message: string][]): RuleProblem[] {
  return checks.filter(([, ok]) => !ok).map(([rule, , message]) => ({ rule, message }));
}
