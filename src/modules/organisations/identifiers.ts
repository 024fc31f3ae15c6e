// Formats of the identifiers an organisation may hold. Pure checks, used by schema.ts.

/** SIRET: 14 digits with a Luhn checksum (La Poste's establishments use a digit-sum rule instead). */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith('356000000')) {
    const sum = [...value].reduce((acc, d) => acc + Number(d), 0);
    return sum % 5 === 0;
  }
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = Number(value[13 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** RNA (French register of associations): W, the département (digits, or 2A/2B), then seven digits. */
export const isValidRna = (value: string): boolean => /^W(?:\d{2}|2[AB])\d{7}$/.test(value);

/**
 * IATI organisation identifier: a registration agency prefix (e.g. FR-RNA, XM-DAC, GB-CHC) and the
 * organisation's number in that register, joined by dashes; no spaces, slashes or other separators.
 */
export const isValidIatiOrganisationId = (value: string): boolean =>
  value.length <= 100 && (/^[A-Z]{2}-[A-Z0-9]{2,}-[A-Za-z0-9._-]+$/.test(value) || /^[A-Z]{2}-\d+$/.test(value));

/** Removes spaces and dots people type in identifiers ("123 456 789 00012"). */
export const compactIdentifier = (value: string): string => value.replace(/[\s.]/g, '').toUpperCase();
