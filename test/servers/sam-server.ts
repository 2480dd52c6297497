import { startFaultServer, type FaultServer } from './fault-server.js';

export interface SamFixture {
  npi?: string;
  classification?: 'Individual' | 'Firm';
  firstName?: string;
  lastName?: string;
  entityName?: string;
  terminationDate?: string | null;
  recordStatus?: string;
}

/** One `excludedEntity[]` element in the v4 shape (dates `MM-DD-YYYY`, nulls, placeholders). */
export function samEntity(f: SamFixture): Record<string, unknown> {
  const individual = (f.classification ?? 'Individual') === 'Individual';
  return {
    exclusionDetails: {
      classificationType: f.classification ?? 'Individual',
      exclusionType: 'Ineligible (Proceedings Completed)',
      exclusionProgram: 'Reciprocal',
      excludingAgencyCode: 'HHS',
      excludingAgencyName: 'DEPT OF HEALTH AND HUMAN SERVICES',
    },
    exclusionIdentification: {
      ueiSAM: null,
      cageCode: null,
      npi: f.npi ?? null,
      prefix: null,
      firstName: individual ? (f.firstName ?? null) : null,
      middleName: null,
      lastName: individual ? (f.lastName ?? null) : null,
      suffix: null,
      entityName: individual ? null : (f.entityName ?? null),
      dnbOpenData: null,
    },
    exclusionActions: {
      listOfActions: [
        {
          createDate: '03-13-2015',
          updateDate: '03-13-2015',
          activateDate: '03-13-2015',
          terminationDate:
            f.terminationDate === undefined ? 'Indefinite' : (f.terminationDate ?? null),
          terminationType: f.terminationDate ? 'Definite' : 'Indefinite',
          recordStatus: f.recordStatus ?? 'Active',
        },
      ],
    },
    exclusionPrimaryAddress: {
      addressLine1: 'Currently Not Available',
      addressLine2: null,
      city: 'COLUMBUS',
      stateOrProvinceCode: 'OH',
      zipCode: '43215',
      zipCodePlus4: null,
      countryCode: 'USA',
    },
    exclusionSecondaryAddress: [],
    exclusionOtherInformation: { isFASCSAOrder: null, additionalComments: null },
    vesselDetails: null,
  };
}

const page = (all: Record<string, unknown>[], p: URLSearchParams) => {
  const size = Number(p.get('size') ?? 10);
  const n = Number(p.get('page') ?? 0);
  const excludedEntity = all.slice(n * size, n * size + size);
  return JSON.stringify({ totalRecords: all.length, excludedEntity, links: { selfLink: '' } });
};

/**
 * SAM.gov Exclusions API v4 on 127.0.0.1: `npi` and `exclusionName` (+ `classification`)
 * searches over `entities`, 10 a page; 403 without the `X-Api-Key` it was given.
 */
export async function startSamServer(
  entities: Record<string, unknown>[],
  apiKey = 'test-key-0000',
): Promise<FaultServer> {
  return startFaultServer((url, req) => {
    if (req.headers['x-api-key'] !== apiKey) {
      const error = { code: 'API_KEY_INVALID', message: 'An invalid api_key was supplied.' };
      return { status: 403, body: JSON.stringify({ error }) };
    }
    if (url.pathname !== '/entity-information/v4/exclusions') {
      return { status: 404, body: '<html>Not Found</html>', type: 'text/html' };
    }
    const p = url.searchParams;
    const npi = p.get('npi');
    const name = p.get('exclusionName')?.toUpperCase();
    const hits = entities.filter((e) => {
      const id = e.exclusionIdentification as Record<string, string | null>;
      const cls = (e.exclusionDetails as Record<string, string>).classificationType;
      if (npi) return id.npi === npi;
      const full = [id.firstName, id.lastName, id.entityName].filter(Boolean).join(' ');
      return !!name && full.toUpperCase().includes(name) && cls === p.get('classification');
    });
    return { status: 200, body: page(hits, p) };
  });
}
