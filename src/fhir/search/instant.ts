/**
 * The `meta.lastUpdated` of a searchset Bundle is the time of the answer (R4 bundle.html,
 * instant): `Date.prototype.toISOString` of the sandbox clock, made once per millisecond,
 * since many answers fall in the same one.
 */
export function createInstantFormatter(): (ms: number) => string {
  let last = Number.NaN;
  let text = '';
  return (ms) => {
    if (ms !== last) {
      text = new Date(ms).toISOString();
      last = ms;
    }
    return text;
  };
}
