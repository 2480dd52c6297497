import { npiProblem } from '../transform/npi.js';
import type { Issue } from '../transform/normalize/result.js';

/**
 * Why a trimmed NPI cell cannot be used, as an error issue; undefined when it is a valid NPI.
 * The placeholder `0000000000` is a format error: it stands for "no NPI" and must never match.
 */
export function npiIssue(npi: string, label: string): Issue | undefined {
  const problem = npiProblem(npi);
  if (problem === null) return undefined;
  if (problem === 'check-digit') {
    return {
      severity: 'error',
      code: 'E_NPI_CHECKDIGIT',
      message: `${label} ${npi} fails the NPI check digit`,
    };
  }
  const what = problem === 'placeholder' ? 'is the placeholder 0000000000' : 'is not 10 digits';
  return { severity: 'error', code: 'E_NPI_FORMAT', message: `${label} ${what}` };
}
