/**
 * Growth and vital-sign norms by age and sex: simple medians in the spirit of the WHO (under
 * 2) and CDC (2 to 20) growth charts, interpolated linearly. A patient keeps one z-score per
 * measure for life, so a child tracks a percentile and never shrinks.
 */
import type { Sex } from './model.js';

type Curve = readonly (readonly [number, number])[];

/** Linear interpolation over a curve of [x, y] points, flat beyond its ends. */
export function interpolate(curve: Curve, x: number): number {
  const first = curve[0];
  const last = curve[curve.length - 1];
  if (!first || !last) throw new Error('empty curve');
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < curve.length; i++) {
    const b = curve[i] as readonly [number, number];
    if (x <= b[0]) {
      const a = curve[i - 1] as readonly [number, number];
      return a[1] + ((x - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
    }
  }
  return last[1];
}

/** Median length/height (cm) by age in years. */
const HEIGHT: Record<Sex, Curve> = {
  male: [
    [0, 49.9], [1 / 12, 54.7], [2 / 12, 58.4], [4 / 12, 63.9], [0.5, 67.6], [0.75, 72.0], [1, 75.7], [1.5, 82.3],
    [2, 87.1], [3, 96.1], [4, 103.3], [5, 110.0], [6, 116.0], [8, 128.0], [10, 138.5], [12, 149.5], [14, 163.5],
    [16, 173.0], [18, 176.0], [20, 177.0],
  ],
  female: [
    [0, 49.1], [1 / 12, 53.7], [2 / 12, 57.1], [4 / 12, 62.1], [0.5, 65.7], [0.75, 70.1], [1, 74.0], [1.5, 80.7],
    [2, 86.4], [3, 95.1], [4, 102.7], [5, 109.4], [6, 115.0], [8, 127.0], [10, 138.5], [12, 151.5], [14, 159.5],
    [16, 162.5], [18, 163.0], [20, 163.5],
  ],
};

/** Median weight (kg) by age in years, up to 20. */
const WEIGHT: Record<Sex, Curve> = {
  male: [
    [0, 3.3], [1 / 12, 4.5], [2 / 12, 5.6], [4 / 12, 7.0], [0.5, 7.9], [0.75, 8.9], [1, 9.6], [1.5, 10.9], [2, 12.2],
    [3, 14.3], [4, 16.3], [5, 18.3], [6, 20.7], [8, 25.6], [10, 32.0], [12, 40.0], [14, 51.0], [16, 61.0], [18, 67.0],
    [20, 70.5],
  ],
  female: [
    [0, 3.2], [1 / 12, 4.2], [2 / 12, 5.1], [4 / 12, 6.4], [0.5, 7.3], [0.75, 8.2], [1, 8.9], [1.5, 10.2], [2, 11.5],
    [3, 13.9], [4, 16.1], [5, 17.9], [6, 20.2], [8, 25.6], [10, 33.0], [12, 42.0], [14, 49.5], [16, 54.0], [18, 56.5],
    [20, 58.0],
  ],
};

/** Median head circumference (cm) by age in years, up to 3. */
const HEAD: Record<Sex, Curve> = {
  male: [[0, 34.5], [1 / 12, 37.3], [2 / 12, 39.1], [4 / 12, 41.6], [0.5, 43.3], [0.75, 45.0], [1, 46.1], [1.5, 47.4], [2, 48.3], [3, 49.5]],
  female: [[0, 33.9], [1 / 12, 36.5], [2 / 12, 38.3], [4 / 12, 40.6], [0.5, 42.2], [0.75, 43.8], [1, 44.9], [1.5, 46.2], [2, 47.2], [3, 48.5]],
};

/** Resting heart rate (/min) and respiratory rate (/min) medians by age. */
const HEART_RATE: Curve = [[0, 140], [0.5, 130], [1, 120], [2, 110], [4, 100], [6, 95], [10, 85], [14, 78], [18, 72]];
const RESPIRATORY_RATE: Curve = [[0, 42], [0.5, 34], [1, 28], [2, 26], [4, 24], [6, 22], [10, 20], [14, 18], [18, 16]];

/** Child blood pressure medians (about the 50th percentile at median height), from age 3. */
const CHILD_SYSTOLIC: Curve = [[3, 95], [6, 99], [10, 104], [13, 108], [17, 114]];
const CHILD_DIASTOLIC: Curve = [[3, 55], [6, 60], [10, 64], [13, 66], [17, 68]];

/** Height (cm) at `age` years for a lifelong z-score (a coefficient of variation of about 4%). */
export function heightAt(sex: Sex, age: number, z: number): number {
  return interpolate(HEIGHT[sex], age) * (1 + z * 0.038);
}

/** Weight (kg) of a child (under 20) at `age` for a lifelong z-score. */
export function childWeightAt(sex: Sex, age: number, z: number): number {
  const cv = age < 2 ? 0.11 : age < 10 ? 0.14 : 0.17;
  return interpolate(WEIGHT[sex], age) * Math.max(0.6, 1 + z * cv);
}

/** Head circumference (cm) at `age` for a lifelong z-score. */
export function headCircumferenceAt(sex: Sex, age: number, z: number): number {
  return interpolate(HEAD[sex], age) * (1 + z * 0.03);
}

/** Median length/height (cm) at `age` years. */
export function heightMedian(sex: Sex, age: number): number {
  return interpolate(HEIGHT[sex], age);
}

/**
 * The age (years) at which the median length is `lengthCm`: the inverse of the median curve
 * (it only rises), flat beyond its ends.
 */
export function ageAtMedianHeight(sex: Sex, lengthCm: number): number {
  const curve = HEIGHT[sex];
  let previous = curve[0] as readonly [number, number];
  if (lengthCm <= previous[1]) return previous[0];
  for (let i = 1; i < curve.length; i++) {
    const point = curve[i] as readonly [number, number];
    if (lengthCm <= point[1]) return previous[0] + ((lengthCm - previous[1]) / (point[1] - previous[1])) * (point[0] - previous[0]);
    previous = point;
  }
  return previous[0];
}

/** Median weight (kg) of a child at `age` years. */
export function childWeightMedian(sex: Sex, age: number): number {
  return interpolate(WEIGHT[sex], age);
}

/** Median head circumference (cm) at `age` years. */
export function headMedian(sex: Sex, age: number): number {
  return interpolate(HEAD[sex], age);
}

/** Median resting heart rate (/min) at `age` years. */
export function heartRateMedian(age: number): number {
  return interpolate(HEART_RATE, age);
}

/** Median respiratory rate (/min) at `age` years. */
export function respiratoryRateMedian(age: number): number {
  return interpolate(RESPIRATORY_RATE, age);
}

/** Median systolic/diastolic pressure for age and sex (adults rise slowly with age). */
export function bloodPressureMedian(sex: Sex, age: number): { systolic: number; diastolic: number } {
  if (age < 18) return { systolic: interpolate(CHILD_SYSTOLIC, age) + (sex === 'male' ? 1 : 0), diastolic: interpolate(CHILD_DIASTOLIC, age) };
  const systolic = 112 + 0.4 * (age - 18) - (sex === 'female' ? 4 : 0);
  const diastolic = age < 60 ? 70 + 0.2 * (age - 18) : 78 - 0.15 * (age - 60);
  return { systolic, diastolic };
}
