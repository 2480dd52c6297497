import { SYSTEMS } from './common.js';
import type { CodeableConcept } from './types.js';

/**
 * Roster credential spellings (upper case, dots, spaces and hyphens removed) mapped to HL7 v2
 * table 0360 degree codes. Only codes that table defines are listed: DDS, DMD, DPM, OD, PT and
 * social-work or counselling licences have no 0360 code, so they stay text only.
 */
const DEGREES: Record<string, [code: string, display: string]> = {
  MD: ['MD', 'Doctor of Medicine'],
  DO: ['DO', 'Doctor of Osteopathy'],
  NP: ['NP', 'Nurse practitioner'],
  APRN: ['NP', 'Nurse practitioner'],
  CNP: ['CNP', 'Certified Nurse Practitioner'],
  APRNCNP: ['CNP', 'Certified Nurse Practitioner'],
  CNM: ['CNM', 'Certified Nurse Midwife'],
  CNS: ['CNS', 'Certified Nurse Specialist'],
  PA: ['PA', 'Physician Assistant'],
  PAC: ['PA', 'Physician Assistant'],
  RN: ['RN', 'Registered Nurse'],
  LPN: ['LPN', 'Licensed Practical Nurse'],
  PHD: ['PHD', 'Doctor of Philosophy'],
  PHARMD: ['PharmD', 'Doctor of Pharmacy'],
  RPH: ['RPH', 'Registered Pharmacist'],
  EMT: ['EMT', 'Emergency Medical Technician'],
  EMTP: ['EMTP', 'Emergency Medical Technician - Paramedic'],
  MSN: ['MSN', 'Master of Science - nursing'],
  BSN: ['BSN', 'Bachelor on Science - Nursing'],
  CMA: ['CMA', 'Certified Medical Assistant'],
  CNA: ['CNA', 'Certified Nurse Assistant'],
};

/** `M.D.`, `m d`, `PA-C` -> `MD`, `MD`, `PAC`: the form the table is keyed on. */
export function credentialKey(text: string): string {
  return text.toUpperCase().replace(/[^A-Z]/g, '');
}

/** The v2-0360 coding for a credential text, or null when the table has no code for it. */
export function degreeCoding(text: string): CodeableConcept['coding'] | null {
  const hit = DEGREES[credentialKey(text)];
  return hit ? [{ system: SYSTEMS.degree, code: hit[0], display: hit[1] }] : null;
}

/** `code` of a qualification: the 0360 coding where one maps, always the roster text. */
export function credentialConcept(text: string): CodeableConcept {
  const coding = degreeCoding(text);
  return coding ? { coding, text } : { text };
}
