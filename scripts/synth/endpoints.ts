/**
 * NPPES `endpoint_pfile` excerpt: the real 19-column header, every value quoted, LF. About one
 * provider in ten listed active in NPPES has endpoints: an individual a Direct address (half of
 * those in a group affiliated with it), an organisation a FHIR base URL and a Direct address.
 * Every domain ends in `.example` (RFC 2606), so no address reaches anyone.
 */
import { LineWriter, quoteAlways } from './csv.js';
import { ENDPOINT_COLUMNS, ENDPOINT_HEADER_LINE, type EndpointColumn } from './headers.js';
import { providerAt, type Plan } from './plan.js';
import { rngFor, STREAM, type Rng } from './prng.js';
import type { Provider } from './provider.js';
import { registryCase } from './text.js';

export interface EndpointFacts {
  rows: number;
  /** NPIs with at least one endpoint row, ascending. */
  npis: string[];
}

type Values = Partial<Record<EndpointColumn, string>>;

const SHARE = 0.1;

export function endpointLine(values: Values): string {
  return ENDPOINT_COLUMNS.map((c) => quoteAlways(values[c] ?? '')).join(',');
}

/** Lower-case letters and digits only: a name as a DNS label or mailbox part. */
function slug(value: string): string {
  return registryCase(value)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Whether NPPES lists the provider as active (the main file's rules, nppes.ts). */
function listedActive(plan: Plan, p: Provider): boolean {
  if (p.index >= plan.providers) return true;
  const fault = plan.faults.get(p.index);
  if (fault && fault.kind !== 'missing') return false;
  return !plan.notInNppes.includes(p.index) && p.index !== plan.deactivated;
}

function direct(p: Provider, mailbox: string, domain: string): Values {
  return {
    NPI: p.npi,
    'Endpoint Type': 'DIRECT',
    'Endpoint Type Description': 'Direct Messaging Address',
    Endpoint: `${mailbox}@direct.${domain}.example`,
    Affiliation: 'N',
    'Endpoint Description': 'Direct messaging',
  };
}

function individualRows(rng: Rng, plan: Plan, p: Provider): Values[] {
  const mailbox = `${slug(p.firstName)}.${slug(p.lastName)}`;
  if (p.groupIndex === null || !rng.chance(0.5)) {
    return [direct(p, mailbox, `${slug(p.city)}-care`)];
  }
  const g = providerAt(plan, p.groupIndex);
  return [
    {
      ...direct(p, mailbox, slug(g.orgName)),
      Affiliation: 'Y',
      'Affiliation Legal Business Name': registryCase(g.orgName),
      'Affiliation Address Line One': registryCase(g.address1),
      'Affiliation Address Line Two': registryCase(g.address2),
      'Affiliation Address City': registryCase(g.city),
      'Affiliation Address State': g.state,
      'Affiliation Address Country': 'US',
      'Affiliation Address Postal Code': g.zip,
    },
  ];
}

function organizationRows(p: Provider): Values[] {
  const domain = slug(p.orgName);
  return [
    {
      NPI: p.npi,
      'Endpoint Type': 'FHIR',
      'Endpoint Type Description': 'FHIR URL',
      Endpoint: `https://fhir.${domain}.example/r4`,
      Affiliation: 'N',
      'Endpoint Description': 'Patient access API',
    },
    direct(p, 'records', domain),
  ];
}

export async function writeEndpoints(path: string, plan: Plan): Promise<EndpointFacts> {
  const out = new LineWriter(path, '\n');
  await out.raw(ENDPOINT_HEADER_LINE);
  let rows = 0;
  const npis: string[] = [];
  for (let i = 0; i < plan.providers + plan.nppesExtras; i++) {
    const rng = rngFor(plan.seed, STREAM.endpoint, i);
    if (!rng.chance(SHARE)) continue;
    const p = providerAt(plan, i);
    if (!listedActive(plan, p)) continue;
    const values = p.kind === 'organization' ? organizationRows(p) : individualRows(rng, plan, p);
    for (const v of values) await out.line(endpointLine(v));
    rows += values.length;
    npis.push(p.npi);
  }
  await out.close();
  return { rows, npis: npis.sort() };
}
