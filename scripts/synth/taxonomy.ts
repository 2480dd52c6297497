/**
 * Specialties used by the generators. Every code is a real NUCC 25.1 code, taken from the
 * `Individual` section for people and the `Non-Individual` section for organisations; the test
 * checks them against the NUCC file. LEIE GENERAL/SPECIALTY words follow the real file's style.
 */

export interface IndividualSpecialty {
  code: string;
  /** Roster spelling. */
  credential: string;
  /** NPPES spelling (free text, usually with periods). */
  nppesCredential: string;
  /** Prefix of the invented state licence number. */
  licensePrefix: string;
  leieGeneral: string;
  leieSpecialty: string;
}

export interface OrgSpecialty {
  code: string;
  /** Last words of the organisation's name. */
  nameTail: string;
  leieGeneral: string;
  leieSpecialty: string;
}

function ind(
  code: string,
  credential: string,
  nppesCredential: string,
  licensePrefix: string,
  leie: [string, string],
): IndividualSpecialty {
  return {
    code,
    credential,
    nppesCredential,
    licensePrefix,
    leieGeneral: leie[0],
    leieSpecialty: leie[1],
  };
}

const PHYS = 'PHYSICIAN (MD, DO)';
const IND_PRO = 'IND- LIC HC SERV PRO';

export const INDIVIDUAL_SPECIALTIES: readonly IndividualSpecialty[] = [
  ind('207Q00000X', 'MD', 'M.D.', '35.', [PHYS, 'FAMILY PRACTICE']),
  ind('207Q00000X', 'DO', 'D.O.', '34.', [PHYS, 'FAMILY PRACTICE']),
  ind('207R00000X', 'MD', 'M.D.', '35.', [PHYS, 'INTERNAL MEDICINE']),
  ind('208000000X', 'MD', 'M.D.', '35.', [PHYS, 'PEDIATRICS']),
  ind('207V00000X', 'MD', 'MD', '35.', [PHYS, 'OBSTETRICS/GYNECOLOGY']),
  ind('2084P0800X', 'DO', 'DO', '34.', [PHYS, 'PSYCHIATRY']),
  ind('207RC0000X', 'MD', 'M.D.', '35.', [PHYS, 'CARDIOLOGY']),
  ind('363LF0000X', 'NP', 'APRN, FNP-C', 'APRN.CNP.', [IND_PRO, 'NURSE PRACTITIONER']),
  ind('363LF0000X', 'NP', 'CNP', 'APRN.CNP.', [IND_PRO, 'NURSE PRACTITIONER']),
  ind('363A00000X', 'PA-C', 'PA-C', '50.', [IND_PRO, 'PHYSICIAN ASSISTANT']),
  ind('163W00000X', 'RN', 'RN', 'RN.', [IND_PRO, 'NURSE/NURSES AIDE']),
  ind('163W00000X', 'RN', 'R.N.', 'RN.', [IND_PRO, 'NURSE/NURSES AIDE']),
  ind('1223G0001X', 'DDS', 'D.D.S.', '30.', [IND_PRO, 'DENTIST']),
  ind('1041C0700X', 'LISW', 'LISW-S', 'I.', [IND_PRO, 'SOCIAL WORKER']),
  ind('103T00000X', 'PhD', 'PH.D.', 'P.', [IND_PRO, 'PSYCHOLOGIST']),
  ind('213E00000X', 'DPM', 'D.P.M.', '36.', [IND_PRO, 'PODIATRIST']),
  ind('152W00000X', 'OD', 'O.D.', 'OE.', [IND_PRO, 'OPTOMETRIST']),
  ind('225100000X', 'PT', 'PT, DPT', 'PT.', [IND_PRO, 'PHYSICAL THERAPIST']),
];

function org(code: string, nameTail: string, leie: [string, string]): OrgSpecialty {
  return { code, nameTail, leieGeneral: leie[0], leieSpecialty: leie[1] };
}

const BUSINESS = 'OTHER BUSINESS';

export const ORG_SPECIALTIES: readonly OrgSpecialty[] = [
  org('261QF0400X', 'Community Health Center', [BUSINESS, 'CLINIC']),
  org('261QP2300X', 'Primary Care', [BUSINESS, 'CLINIC']),
  org('261Q00000X', 'Family Clinic', [BUSINESS, 'CLINIC']),
  org('261QM0801X', 'Behavioral Health', [BUSINESS, 'SOBER HOME']),
  org('282N00000X', 'Regional Hospital', ['HOSPITAL', 'HOSPITAL']),
  org('251E00000X', 'Home Health', [BUSINESS, 'HOME HEALTH AGENCY']),
  org('3336C0003X', 'Pharmacy', ['PHARMACY', 'PHARMACY']),
  org('332B00000X', 'Medical Supply', ['DME COMPANY', 'DME - MEDICAL SUPPLIES']),
];

/**
 * Exclusion types, repeated to weight the draw: 1128b4 (licence loss) is by far the largest
 * group in the real file.
 */
export const EXCLUSION_TYPES: readonly string[] = (
  '1128b4 1128b4 1128b4 1128b4 1128a1 1128a1 1128a2 1128a3 1128a4 1128b1 1128b5 1128b7 ' +
  '1128b8 1128b14 1128b15'
)
  .split(' ')
  .concat(['BRCH CIA']);
