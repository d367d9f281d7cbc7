/**
 * The must-support elements, slices and extensions (and whole profiles) of US Core 6.1 / 7.0
 * that the default seed does not cover yet, by "version profile-name", exactly as
 * `missingMustSupports` reports them. Keep this list short and true: the coverage test fails
 * when a gap not listed here appears, and when a listed gap is covered.
 */
export const KNOWN_GAPS: Readonly<Record<string, readonly string[]>> = {};
