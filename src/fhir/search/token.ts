/**
 * Token search (R4 search.html 3.1.1.4.9): `code`, `system|code`, `|code` (no system) and
 * `system|` (any code of the system), over Coding, CodeableConcept (any coding),
 * Identifier (system and value), ContactPoint (value) and code, boolean, string, id and
 * uri primitives (whose implicit system is not checked). `:text` matches CodeableConcept
 * text, Coding display and Identifier type text, case- and accent-insensitively, at the
 * start of the text or of any word in it. `:not` is the negation of the plain match.
 */
import { splitEscaped, unescapeValue } from './escape.js';
import { normalizeText } from './string.js';
import type { TokenValue } from './types.js';

/** One code an element offers: `primitive` ones have no system to compare. */
interface TokenFact {
  system?: string;
  code?: string;
  primitive?: boolean;
}

const CONTACT_SYSTEMS = new Set(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']);

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function codingFact(c: Json): TokenFact {
  const fact: TokenFact = {};
  const [system, code] = [str(c.system), str(c.code)];
  if (system !== undefined) fact.system = system;
  if (code !== undefined) fact.code = code;
  return fact;
}

/** The codes of one element. */
export function tokenFacts(element: unknown): TokenFact[] {
  if (typeof element === 'string' || typeof element === 'boolean' || typeof element === 'number') {
    return [{ code: String(element), primitive: true }];
  }
  if (!isObject(element)) return [];
  if (Array.isArray(element.coding)) return element.coding.filter(isObject).map(codingFact);
  if ('code' in element || ('system' in element && !('value' in element))) return [codingFact(element)];
  const value = str(element.value);
  if (value === undefined) return [];
  const system = str(element.system);
  // ContactPoint.system is a code (phone, email, ...); Identifier.system is a URI.
  if (system !== undefined && CONTACT_SYSTEMS.has(system)) return [{ code: value, primitive: true }];
  return [system === undefined ? { code: value } : { system, code: value }];
}

/** The texts of one element for `:text`. */
export function tokenTexts(element: unknown): string[] {
  if (!isObject(element)) return [];
  const texts: string[] = [];
  const push = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
  };
  push(element.text);
  push(element.display);
  if (Array.isArray(element.coding)) for (const c of element.coding) if (isObject(c)) push(c.display);
  if (isObject(element.type)) push(element.type.text);
  return texts;
}

/** Parses one token value (still escaped). */
export function parseTokenValue(raw: string): TokenValue {
  const parts = splitEscaped(raw, '|');
  if (parts.length === 1) return { code: unescapeValue(raw) };
  const system = unescapeValue(parts[0]!);
  const code = unescapeValue(parts.slice(1).join('|'));
  return code === '' ? { system } : { system, code };
}

function factMatches(value: TokenValue, fact: TokenFact): boolean {
  if (fact.primitive) return value.code !== undefined && value.code === fact.code;
  if (value.system !== undefined) {
    const system = fact.system ?? '';
    if (system !== value.system) return false;
  }
  return value.code === undefined || value.code === fact.code;
}

/** True when any element carries a code matching one of the values. */
export function matchToken(values: readonly TokenValue[], elements: readonly unknown[]): boolean {
  return elements.some((e) => tokenFacts(e).some((fact) => values.some((v) => factMatches(v, fact))));
}

/** True when any element's text starts with (or has a word starting with) one of the values. */
export function matchTokenText(values: readonly TokenValue[], elements: readonly unknown[]): boolean {
  const wanted = values.map((v) => normalizeText(v.code ?? ''));
  return elements.some((e) =>
    tokenTexts(e).some((text) => {
      const t = normalizeText(text);
      return wanted.some((w) => t.startsWith(w) || t.split(/\s+/).some((word) => word.startsWith(w)));
    }),
  );
}
