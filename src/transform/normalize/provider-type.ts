/**
 * Provider types. Atypical providers deliver services that are not health care (CMS, 45 CFR
 * 162.410 does not require them to have an NPI), so a roster row declaring one may leave the
 * NPI blank. Compared folded: lower case, letters and digits only.
 */
export const ATYPICAL_PROVIDER_TYPES: readonly string[] = [
  'Non-Medical Transportation',
  'NMT',
  'Personal Care Aide',
  'Personal Care Attendant',
  'Personal Care Services',
  'Home Modification',
  'Environmental Modification',
  'Vehicle Modification',
  'Homemaker',
  'Chore Services',
  'Home-Delivered Meals',
  'Personal Emergency Response System',
  'PERS',
  'Companion Services',
  'Respite Care (Non-Medical)',
  'Adult Day Services (Social)',
  'Atypical',
];

const ATYPICAL = new Set(ATYPICAL_PROVIDER_TYPES.map(fold));

export function isAtypicalProviderType(value: string | null): boolean {
  return value !== null && ATYPICAL.has(fold(value));
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
