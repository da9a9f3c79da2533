/**
 * The built widget's sizes, measured again from the files in dist/ (gzip -9 and brotli -11, as the build measures
 * them). Which file loads when, and the budget, come from dist/bundle-size.json, which the build writes from its
 * import graph: `first` (the entry and what it imports statically, counted together), `later` (each on its own:
 * chunks loaded when needed, the opt-in offline module, the service worker), `voice-media` (apart, no limit).
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface BundleFile {
  file: string;
  role: 'first' | 'later' | 'voice-media';
  note?: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

export interface BundleSizes {
  budget: { first: number; later: number; failFactor: number };
  files: BundleFile[];
  firstLoad: { bytes: number; gzip: number; brotli: number };
}

export function measureBundle(dist: URL): BundleSizes {
  const report = JSON.parse(readFileSync(new URL('bundle-size.json', dist), 'utf8')) as {
    budget: BundleSizes['budget'];
    files: BundleFile[];
  };
  const files = report.files.map(({ file, role, note }) => {
    const code = readFileSync(new URL(file, dist));
    return {
      file,
      role,
      ...(note ? { note } : {}),
      bytes: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
      }).length,
    };
  });
  const firstLoad = { bytes: 0, gzip: 0, brotli: 0 };
  for (const f of files.filter((f) => f.role === 'first')) {
    firstLoad.bytes += f.bytes;
    firstLoad.gzip += f.gzip;
    firstLoad.brotli += f.brotli;
  }
  return { budget: report.budget, files, firstLoad };
}
