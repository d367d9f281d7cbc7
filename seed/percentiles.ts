/**
 * Pediatric growth percentiles from a child's own measurements, on the same curves the
 * measurements are drawn from (growth.ts): BMI-for-age (2 to 20 years), weight-for-length
 * (under 2) and head circumference-for-age (under 3). A percentile is the normal
 * distribution function of the measurement's z-score, times 100.
 */
import { ageAtMedianHeight, childWeightMedian, headMedian, heightMedian } from './growth.js';
import type { Sex } from './model.js';

/** The standard normal distribution function (Abramowitz and Stegun 26.2.17, error < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}

/** A percentile (0.1 to 99.9, one decimal) of a z-score. */
export function percentileOf(z: number): number {
  return Math.min(99.9, Math.max(0.1, Math.round(normalCdf(z) * 1000) / 10));
}

/** Coefficient of variation of weight at an age (as in growth.ts). */
function weightCv(age: number): number {
  return age < 2 ? 0.11 : age < 10 ? 0.14 : 0.17;
}

/** BMI-for-age percentile of a child of 2 to 20 years. */
export function bmiForAgePercentile(sex: Sex, age: number, bmi: number): number {
  const median = childWeightMedian(sex, age) / (heightMedian(sex, age) / 100) ** 2;
  // BMI varies about as much as weight, less the part height explains.
  return percentileOf((bmi / median - 1) / (weightCv(age) * 0.9));
}

/** Weight-for-length percentile of a child under 2: weight against the median weight of children that long. */
export function weightForLengthPercentile(sex: Sex, lengthCm: number, weightKg: number): number {
  const age = ageAtMedianHeight(sex, lengthCm);
  return percentileOf((weightKg / childWeightMedian(sex, age) - 1) / weightCv(age));
}

/** Head circumference-for-age percentile (under 3). */
export function headCircumferencePercentile(sex: Sex, age: number, headCm: number): number {
  return percentileOf((headCm / headMedian(sex, age) - 1) / 0.03);
}
