/**
 * Lifelong traits of a patient (growth percentiles, adult body mass index and weight trend,
 * blood pressure and heart rate offsets, smoking) and the body measurements they give at
 * any moment, so that every encounter of a chart agrees with the others.
 */
import { YEAR } from './dates.js';
import { childWeightAt, heightAt } from './growth.js';
import type { Sex, SmokingKey, Traits } from './model.js';
import type { Rng } from './random.js';

function smokingFor(rng: Rng, age: number): SmokingKey {
  if (age < 12) return 'never';
  if (age < 18) return rng.weighted([['never', 94], ['occasional', 6]] as const);
  const formerShare = age > 60 ? 32 : age > 40 ? 22 : 10;
  return rng.weighted([['never', 58], ['former', formerShare], ['daily', 12], ['occasional', 4]] as const);
}

/** Draws the traits of a patient who is `age` years old at the reference date. */
export function createTraits(rng: Rng, sex: Sex, age: number): Traits {
  const heightZ = rng.clampedNormal(0, 1, -2.3, 2.3);
  const weightZ = rng.clampedNormal(0.5 * heightZ, 0.9, -2, 2.5);
  const headZ = rng.clampedNormal(0.4 * heightZ, 0.9, -2, 2);
  const smoking = smokingFor(rng, age);
  // Young adults keep the body mass index their growth curve gives at 20; older adults drift.
  const at20 = childWeightAt(sex, 20, weightZ) / (heightAt(sex, 20, heightZ) / 100) ** 2;
  const drift = age > 20 ? Math.min(1, (age - 20) / 25) : 0;
  const adultBmi = Math.min(45, Math.max(18.5, at20 + drift * rng.clampedNormal(5.5, 4.5, -3, 16)));
  return {
    heightZ,
    weightZ,
    headZ,
    adultBmi,
    weightTrend: rng.clampedNormal(0.2, 0.5, -1.2, 1.2),
    weightWave: [rng.float(0.5, 2), rng.float(2, 5), rng.float(0, 2 * Math.PI)],
    systolicOffset: rng.clampedNormal(0, 5, -10, 10),
    diastolicOffset: rng.clampedNormal(0, 4, -8, 8),
    heartRateOffset: rng.clampedNormal(0, 5, -10, 10),
    smoking,
  };
}

/** Height (cm) at a moment. */
export function heightCm(sex: Sex, traits: Traits, age: number): number {
  return heightAt(sex, Math.min(age, 20), traits.heightZ) - (age > 65 ? (age - 65) * 0.12 : 0);
}

/**
 * Weight (kg) at a moment: the growth curve for children, then a smooth adult course (body
 * mass index at the reference date, a slow trend and a slow wave), blended from 18 to 20.
 */
export function weightKg(sex: Sex, traits: Traits, birth: number, now: number, t: number): number {
  const age = (t - birth) / YEAR;
  const child = (): number => childWeightAt(sex, Math.min(age, 20), traits.weightZ);
  if (age < 18) return child();
  const heightM = heightCm(sex, traits, age) / 100;
  const years = (t - now) / YEAR;
  const [amplitude, period, phase] = traits.weightWave;
  const adult =
    traits.adultBmi * heightM * heightM + traits.weightTrend * years + amplitude * Math.sin((2 * Math.PI * years) / period + phase);
  if (age >= 20) return adult;
  const w = (age - 18) / 2;
  return child() * (1 - w) + adult * w;
}
