/**
 * National Provider Identifiers with a valid check digit: the Luhn formula over the nine
 * digits prefixed by 80840 (CMS, "NPI check digit").
 */

/** The check digit of a nine-digit NPI base. */
export function npiCheckDigit(base9: string): number {
  let sum = 24; // the doubled-and-summed digits of the 80840 prefix
  for (let i = 0; i < 9; i++) {
    let d = Number(base9[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A ten-digit NPI from a nine-digit base (its first digit must be 1 or 2). */
export function npi(base9: string): string {
  if (!/^[12]\d{8}$/.test(base9)) throw new Error(`NPI base must be nine digits starting with 1 or 2 (got ${base9})`);
  return `${base9}${npiCheckDigit(base9)}`;
}

/** True when a ten-digit string is a valid NPI. */
export function isValidNpi(value: string): boolean {
  return /^[12]\d{9}$/.test(value) && npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}
