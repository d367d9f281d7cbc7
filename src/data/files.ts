/** Finding the data files of a path: a file, or every .json and .ndjson file under a folder. */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** The two file formats: JSON (a resource, a Bundle or an array) and NDJSON. */
export type DataFormat = 'json' | 'ndjson';

/** A data file and how to read it. */
export interface DataFile {
  path: string;
  format: DataFormat;
}

/** The format of a file by its extension, or undefined. */
export function formatOf(path: string): DataFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

async function walk(dir: string, out: DataFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) await walk(path, out);
    else {
      const format = formatOf(e.name);
      if (format) out.push({ path, format });
    }
  }
}

/**
 * The data files of a path, in a stable (sorted) order. Throws an Error with a readable
 * message when the path is missing, of an unknown type, or a folder without data files.
 */
export async function findDataFiles(path: string): Promise<DataFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error('no such file or folder');
  }
  if (info.isDirectory()) {
    const out: DataFile[] = [];
    await walk(path, out);
    if (out.length === 0) throw new Error('the folder has no .json or .ndjson files');
    return out;
  }
  const format = formatOf(path);
  if (!format) throw new Error('not a .json or .ndjson file');
  return [{ path, format }];
}
