/**
 * A plain-HTTP "browser" for driving the sandbox pages the way a user would, following the
 * form contract: a cookie jar, redirects followed within the sandbox, and a stop at the
 * first redirect that leaves it (the app's redirect_uri or launch URL), returned as-is.
 */

export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export type Step = { page: Page; leftTo?: undefined } | { page?: undefined; leftTo: string };

export class TestBrowser {
  private readonly jar = new Map<string, string>();

  constructor(readonly origin: string) {}

  /** The cookies the sandbox set, as `name=value`. */
  get cookies(): string[] {
    return [...this.jar].map(([k, v]) => `${k}=${v}`);
  }

  /** Raw Set-Cookie headers of the last response. */
  lastSetCookie: string[] = [];

  async request(method: 'GET' | 'POST', url: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = this.cookies.join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body: form?.toString(), redirect: 'manual' });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const c of this.lastSetCookie) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return res;
  }

  /** Requests `url` and follows redirects while they stay in the sandbox. */
  async go(url: string, method: 'GET' | 'POST' = 'GET', form?: URLSearchParams): Promise<Step> {
    let res = await this.request(method, url, form);
    let current = url;
    for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
      if (hops > 10) throw new Error('too many redirects');
      const location = new URL(res.headers.get('location')!, current).href;
      if (!location.startsWith(this.origin)) return { leftTo: location };
      current = location;
      res = await this.request('GET', location);
    }
    return { page: { status: res.status, url: current, html: await res.text(), headers: res.headers } };
  }
}

/** The attribute values of `name` on inputs named `field` in `html`. */
export function inputValues(html: string, field: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (!new RegExp(`\\bname="${field}"`).test(tag)) continue;
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (value !== undefined) out.push(decodeEntities(value));
  }
  return out;
}

/** Values of checked checkboxes named `field`. */
export function checkedValues(html: string, field: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    if (new RegExp(`\\bname="${field}"`).test(m[0]) && /\bchecked\b/.test(m[0])) out.push(decodeEntities(/\bvalue="([^"]*)"/.exec(m[0])![1]!));
  }
  return out;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The action of the first POST form of the page. */
export function formAction(html: string): string {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  if (!m) throw new Error('the page has no POST form');
  return decodeEntities(m[1]!);
}

/** Which page of the interaction this is (its hidden `prompt`), or undefined. */
export function promptOf(html: string): string | undefined {
  return inputValues(html, 'prompt')[0];
}

/** Submits the page's POST form with the CSRF token, the prompt and `fields`. */
export async function submit(browser: TestBrowser, page: Page, fields: [string, string][]): Promise<Step> {
  const form = new URLSearchParams([['csrf', inputValues(page.html, 'csrf')[0] ?? ''], ...inputValues(page.html, 'prompt').map((p): [string, string] => ['prompt', p]), ...fields]);
  return browser.go(new URL(formAction(page.html), page.url).href, 'POST', form);
}
