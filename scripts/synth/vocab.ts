/**
 * Word lists for invented people and organisations. Any full name they produce is made up;
 * the lists are common words, not records of real people.
 */

/** Splits a `|`- or newline-separated list (keeps prettier from putting one word per line). */
function list(text: string): readonly string[] {
  return text
    .split(/[|\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

export const FEMALE_GIVEN = list(`
  Abigail|Alicia|Amara|Beatriz|Camila|Celeste|Dana|Delia|Elena|Elizabeth|Fiona|Gwen|Hannah
  Inés|Imani|Jennifer|Joanna|Katherine|Laila|Lorena|Margaret|María|Mina|Nadia|Noor|Olivia
  Patricia|Priya|Renée|Rosa|Sofia|Susan|Tamsin|Uma|Vera|Wren|Yara|Zoë`);

export const MALE_GIVEN = list(`
  Aaron|Alejandro|Andrés|Arjun|Bernard|Calvin|Daniel|Darius|Emil|Felix|Gideon|Hector|Idris
  James|José|Joseph|Kofi|Lucas|Malik|Michael|Nikolai|Omar|Owen|Pavel|Quentin|Rafael|Richard
  Robert|Samuel|Tariq|Thomas|Tobias|Victor|Wesley|William|Yusuf`);

/** Given names that have a common short form, used to plant nickname duplicates. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Alejandro: 'Alex',
  Daniel: 'Dan',
  Elizabeth: 'Liz',
  James: 'Jim',
  Jennifer: 'Jen',
  Joseph: 'Joe',
  Katherine: 'Kate',
  Margaret: 'Peggy',
  Michael: 'Mike',
  Patricia: 'Pat',
  Richard: 'Rick',
  Robert: 'Bob',
  Samuel: 'Sam',
  Susan: 'Sue',
  Thomas: 'Tom',
  William: 'Bill',
};

/** Surnames for roster people (and NPPES-only extras). Several carry accents on purpose. */
export const ROSTER_SURNAMES = list(`
  Abernathy|Achebe|Álvarez|Bancroft|Barlowe|Castellan|Chowdry|Dimarco|Drummond|Eastwick
  Ellery|Farrow|Fenwick|Galloway|Gómez|Greaves|Halvorsen|Hartigan|Ibáñez|Ingram|Jablonski
  Jessup|Kaminski|Kettering|Lindqvist|Lowell|Marchetti|McAllister|Muñoz|Nakamura|Nuñez|Okafor
  O'Donnell|Oyelaran|Peña|Pemberton|Quillan|Radcliffe|Ramírez|Santoro|Smith|Strickland|Tanaka
  Thornbury|Underhill|Vasquez|Vickers|Whitcombe|Winslow|Xiong|Yamada|Yarborough|Zielinski
  Zimmerman|Brightwater|Coldiron|Dunmore|Fairbairn|Goldhawk|Hollister|Kirkbride|Larkspur
  Merriweather|Northcott|Pickering|Redfern|Stonebridge|Treadwell|Wexford`);

/**
 * Surnames only used for unrelated exclusion-list people. Disjoint from ROSTER_SURNAMES (also
 * after case and accent folding), so no unplanned name hit can happen between the files.
 */
export const EXCLUSION_SURNAMES = list(`
  Ashgrove|Blackwood|Cranwell|Dovecote|Elmsworth|Foxhollow|Grimsby|Hawthorne|Ironside|Juniper
  Kestrel|Lockridge|Moorcroft|Nettleton|Oakhurst|Pennywhistle|Quarrington|Ravenscroft
  Saltmarsh|Thistlewood|Umberfield|Vantongeren|Wolverton|Yellowhammer|Zephyrine`);

/** Surnames of the planted exclusion-list targets; no other list holds them. */
export const PLANTED_SURNAMES = list('Featherby|Quenby|Ottaway|Brindlecombe');

/** Name of the roster organisation that a SAM firm matches by name only. */
export const PLANTED_ORG_NAME = 'Quarry Hill Health Partners';

export const MIDDLE_INITIALS = 'ABCDEFGHJKLMNPRSTW';

/** First words of roster organisation names. */
export const ORG_WORDS = list(`
  Buckeye|Cuyahoga|Scioto|Maumee|Lakeshore|Riverbend|Hocking|Miami Valley|Olentangy
  Tuscarawas|Muskingum|Black Swamp|Heartland|Great Lakes|Appalachian|Western Reserve
  Firelands|Sandusky Bay|Mahoning|Licking Valley|Northcoast|Cedar Point|Clearfork|Kokosing`);

/** First words of unrelated excluded businesses; disjoint from ORG_WORDS. */
export const EXCLUDED_BUSINESS_WORDS = list(`
  Sunrise|Golden Years|Premier|Ultimate|Reliable|Tri-County|Evergreen|Silver Lining
  Comfort First|Blue Horizon|Pinnacle|Harmony`);

export const ORG_SUFFIXES = ['', '', ', LLC', ', Inc.', ' LLC', ' PC', ', PLLC'] as const;

export const STREETS = list(`
  Maple Ave|High St|Broad St|Main St|Lincoln Way|Euclid Ave|Oak Hill Rd|Riverside Dr|Cherry Ln
  State Route 7|Summit St|Park Blvd|Wooster Pike|Chestnut St|Kenwood Rd|Detroit Ave
  Lakeview Ter|Hamilton Rd`);
