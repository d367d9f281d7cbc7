/**
 * Every request body of the sandbox is read here: JSON (FHIR resources and Bundles, client
 * registration metadata) and forms (token, introspection, revocation, the pages, POST
 * `_search`). Both refuse the keys `__proto__`, `constructor` and `prototype` wherever they
 * appear, so that no client-sent member can reach or shadow an object's prototype, and JSON
 * nested deeper than MAX_JSON_DEPTH, so that no recursive walk over a body can exhaust the
 * stack. Size limits and `Content-Encoding` (gzip, deflate, br) are body-parser's.
 *
 * Failures are `BodyError`s carrying a body-parser style `type` and a client-safe
 * `description`; each API turns them into its own error (OperationOutcome or OAuth).
 */
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import secureJson from 'secure-json-parse';

/** The deepest nesting of objects and arrays a JSON body may have (a FHIR resource rarely passes 20). */
export const MAX_JSON_DEPTH = 100;
/** Member names that could reach an object's prototype; refused in every body. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type BodyErrorType = 'entity.parse.failed' | 'entity.too.deep' | 'entity.forbidden.key' | 'parameters.too.many';

/** A body the sandbox will not read; `description` is safe to show the client. */
export class BodyError extends Error {
  readonly status = 400;
  constructor(
    readonly type: BodyErrorType,
    readonly description: string,
  ) {
    super(description);
    this.name = 'BodyError';
  }
}

/** Walks a parsed value without recursion: refuses forbidden member names and nesting past `maxDepth`. */
export function checkParsed(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) throw new BodyError('entity.too.deep', `The JSON body is nested deeper than the limit of ${maxDepth} levels`);
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) throw new BodyError('entity.forbidden.key', `The JSON body has a member named "${key}", which is not allowed`);
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

/**
 * True when the text nests objects and arrays deeper than `maxDepth`. It stops at the first
 * bracket past the limit, so a body of a million `[` costs no more than one of a hundred.
 */
function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Parses JSON text: `__proto__` and `constructor.prototype` are refused by secure-json-parse, the rest by `checkParsed`. */
export function parseJsonText(text: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new BodyError('entity.too.deep', `The JSON body is nested deeper than the limit of ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (error instanceof SyntaxError && /prototype/i.test(error.message)) {
      throw new BodyError('entity.forbidden.key', 'The JSON body has a member named "__proto__" or "constructor", which is not allowed');
    }
    throw new BodyError('entity.parse.failed', 'The request body is not valid JSON');
  }
  checkParsed(value);
  return value;
}

/**
 * Form fields (`application/x-www-form-urlencoded`) as a null-prototype record: a name sent
 * once maps to its value, a repeated name to its values in order.
 */
export type FormRecord = Record<string, string | string[]>;

export function parseFormText(text: string, parameterLimit: number): FormRecord {
  const record = Object.create(null) as FormRecord;
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > parameterLimit) throw new BodyError('parameters.too.many', `The form has more than ${parameterLimit} parameters`);
    if (FORBIDDEN_KEYS.has(name)) throw new BodyError('entity.forbidden.key', `The form has a parameter named "${name}", which is not allowed`);
    const previous = record[name];
    if (previous === undefined) record[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else record[name] = [previous, value];
  }
  return record;
}

type Type = string | ((req: IncomingMessage) => boolean);

/** A JSON body parser: `req.body` is the parsed value, or untouched when the content type does not match. */
export function jsonBody(options: { limit: number | string; type?: Type }): RequestHandler {
  const text = express.text({ type: options.type ?? 'application/json', limit: options.limit, defaultCharset: 'utf-8' });
  return (req: Request, res: Response, next: NextFunction) => {
    text(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (typeof req.body !== 'string') return next();
      try {
        req.body = req.body.trim() === '' ? undefined : parseJsonText(req.body);
      } catch (parseError) {
        return next(parseError);
      }
      next();
    });
  };
}

/** A form body parser: `req.body` is a FormRecord, or untouched when the content type does not match. */
export function formBody(options: { limit: number | string; parameterLimit: number }): RequestHandler {
  const text = express.text({ type: 'application/x-www-form-urlencoded', limit: options.limit, defaultCharset: 'utf-8' });
  return (req: Request, res: Response, next: NextFunction) => {
    text(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (typeof req.body !== 'string') return next();
      try {
        req.body = parseFormText(req.body, options.parameterLimit);
      } catch (parseError) {
        return next(parseError);
      }
      next();
    });
  };
}

/** What went wrong reading a body, for the client; undefined when `error` is not a body error. */
export function describeBodyError(error: unknown, limit?: number | string): { status: number; description: string; type: string } | undefined {
  if (error instanceof BodyError) return { status: 400, description: error.description, type: error.type };
  const e = error as { type?: unknown; status?: unknown; statusCode?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const type = typeof e?.type === 'string' ? e.type : undefined;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, type, description: `The request body is larger than the limit${limit !== undefined ? ` of ${limit} bytes` : ''}` };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, type, description: 'The request body encoding or charset is not supported; send UTF-8, optionally gzip, deflate or br' };
    default:
      // body-parser marks every failure to read the stream (a corrupt gzip or deflate body, an
      // aborted upload, a wrong Content-Length) with a 4xx status: the client's fault, a 400.
      if (type !== undefined || (status !== undefined && status >= 400 && status < 500)) {
        return { status: 400, type: type ?? 'request.unreadable', description: 'The request body could not be read (a corrupt Content-Encoding, or a body shorter than its Content-Length)' };
      }
      return undefined;
  }
}
