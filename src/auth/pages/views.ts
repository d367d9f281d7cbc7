/**
 * Server-rendered pages: EJS templates from `views/`, each rendered into the one layout.
 * Templates escape every value (`<%= %>`); only the layout inserts the trusted page body.
 * Compiled templates are cached per sandbox, not per process.
 */
import ejs from 'ejs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ViewData = Record<string, unknown>;

export interface Views {
  /** The page `name` (views/{name}.ejs) inside the layout, as HTML. */
  render(name: string, title: string, data: ViewData): string;
}

export function createViews(dir: string): Views {
  const cache = new Map<string, ejs.TemplateFunction>();
  const template = (name: string): ejs.TemplateFunction => {
    let fn = cache.get(name);
    if (!fn) {
      const filename = join(dir, `${name}.ejs`);
      fn = ejs.compile(readFileSync(filename, 'utf8'), { filename, strict: true, _with: false, localsName: 'it' });
      cache.set(name, fn);
    }
    return fn;
  };
  return {
    render(name, title, data) {
      const body = template(name)(data);
      return template('layout')({ title, body, home: data.home ?? '', scripts: data.scripts ?? [], wide: data.wide === true });
    },
  };
}
