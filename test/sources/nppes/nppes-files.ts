import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataLine, headerLine, headerNames, writeSource } from '../source-files.js';
import { buildZip } from '../archive/make-zip.js';

const HEADER = 'nppes-npidata-header.csv';

/** One NPPES row: NPI, last name, Last Update Date, and optional deactivation/reactivation. */
export interface NpiRow {
  npi: string;
  last: string;
  updated?: string;
  deactivated?: string;
  reactivated?: string;
}

function lines(rows: NpiRow[]): string[] {
  const header = headerNames(HEADER);
  return [
    headerLine(HEADER),
    ...rows.map((r) =>
      dataLine(header, {
        NPI: r.npi,
        'Entity Type Code': r.deactivated && !r.reactivated ? '' : '1',
        'Provider Last Name (Legal Name)': r.last,
        'Last Update Date': r.updated ?? '',
        'NPI Deactivation Date': r.deactivated ?? '',
        'NPI Reactivation Date': r.reactivated ?? '',
      }),
    ),
  ];
}

/** An NPPES CSV named `name` in a fresh temp folder. */
export function nppesCsv(name: string, rows: NpiRow[]): string {
  return writeSource(name, lines(rows));
}

/** A weekly package zip named `zipName` holding `npidata_pfile_<member>.csv` and its header. */
export function nppesZip(zipName: string, member: string, rows: NpiRow[]): string {
  const csv = nppesCsv(`npidata_pfile_${member}.csv`, rows);
  const zip = join(dirname(csv), zipName);
  const body = lines(rows).join('\n') + '\n';
  writeFileSync(
    zip,
    buildZip([
      { name: `npidata_pfile_${member}_fileheader.csv`, data: lines([])[0] + '\n' },
      { name: `npidata_pfile_${member}.csv`, data: body },
    ]),
  );
  return zip;
}
