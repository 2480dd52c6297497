/**
 * Given-name groups: a formal name and the short forms people register under. Two first names
 * in the same group compare as `nickname`. A short form that belongs to several groups (`PAT`)
 * maps to the first group listed, so the table is a plain lookup.
 */
const GROUPS = `
ALEXANDER ALEX AL SANDY XANDER|ALEJANDRO ALEX ALE|ALEXANDRA ALEX SANDRA LEXI
ANDREW ANDY DREW|ANTHONY TONY|BENJAMIN BEN BENNY|CATHERINE CATHY KATE CAT
CHARLES CHARLIE CHUCK CHAS|CHRISTOPHER CHRIS KIT|DANIEL DAN DANNY|DAVID DAVE
DEBORAH DEB DEBBIE|EDWARD ED EDDIE TED|ELIZABETH LIZ BETH BETTY LIZZIE ELIZA
FREDERICK FRED FREDDIE|GREGORY GREG|JAMES JIM JIMMY JAMIE|JENNIFER JEN JENNY
JOHN JACK JOHNNY|JONATHAN JON|JOSEPH JOE JOEY|JOSHUA JOSH|KATHERINE KATE KATHY KATIE KAT
KENNETH KEN KENNY|LAWRENCE LARRY|MARGARET PEGGY MAGGIE MEG MARGE|MATTHEW MATT
MICHAEL MIKE MICKEY|NICHOLAS NICK NICKY|PATRICIA PAT PATTY TRISH|PATRICK PAT PADDY
PETER PETE|RAFAEL RAFA|REBECCA BECKY BECCA|RICHARD RICK DICK RICH RICKY
ROBERT BOB ROB BOBBY BERT|RONALD RON RONNIE|SAMUEL SAM SAMMY|STEPHEN STEVE
STEVEN STEVE|SUSAN SUE SUSIE SUZY|THEODORE TED TEDDY THEO|THOMAS TOM TOMMY
TIMOTHY TIM|VICTORIA VICKY TORI|WILLIAM BILL WILL BILLY WILLY LIAM|ZACHARY ZACH`;

const CANONICAL: ReadonlyMap<string, string> = buildTable(GROUPS);

function buildTable(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of text.split(/[|\n]/)) {
    const names = group.trim().split(/\s+/).filter(Boolean);
    const formal = names[0];
    if (!formal) continue;
    for (const name of names) if (!out.has(name)) out.set(name, formal);
  }
  return out;
}

/** The formal name of a normalised first name's group, or the name itself. */
export function canonicalFirstName(name: string | null): string | null {
  if (!name) return null;
  return CANONICAL.get(name) ?? name;
}
