// Numbers as xsd:decimal text. Shared by the writer (which writes them) and the rules (which check that they
// can be written): an exponent is not allowed in xsd:decimal, and libxml2 — the validator the tests and the
// IATI tools use — accepts at most 24 digits.

/** A finite number as an xsd:decimal (no exponent): the shortest digits that read back as the same number. */
export function formatDecimal(n: number): string {
  const s = String(n === 0 ? 0 : n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = '', exp] = m;
  const digits = lead! + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The most digits an xsd:decimal may have for libxml2 (XSD requires at least 18). */
export const MAX_DECIMAL_DIGITS = 24;

/** Whether a number can be written as an xsd:decimal that validates: finite, at most 24 digits. */
export function isWritableDecimal(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  const [whole = '', fraction = ''] = formatDecimal(Math.abs(n)).split('.');
  return whole.replace(/^0+/, '').length + fraction.length <= MAX_DECIMAL_DIGITS;
}
