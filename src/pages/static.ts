/**
 * Static files of the demo app and of the pages' scripts, served as plain readable files.
 * Their Content-Security-Policy allows scripts, styles and fetches from this origin only:
 * no inline script, no handler attributes, nothing from elsewhere.
 */
import express, { type RequestHandler } from 'express';

export const STATIC_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function staticFiles(dir: string): RequestHandler {
  return express.static(dir, {
    index: 'index.html',
    redirect: true,
    fallthrough: true,
    setHeaders(res) {
      res.setHeader('Content-Security-Policy', STATIC_CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
    },
  });
}
