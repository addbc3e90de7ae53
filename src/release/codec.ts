// The storage encoding of a release: base64(gzip(JSON)), gzip at best compression as helm writes it.
// Decoding accepts what helm accepts: the gzipped form, base64 of plain JSON (records written
// before helm compressed them), and, for callers holding raw JSON, the JSON itself.
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { releaseFromJson, releaseToJson, type Release } from './release.js';

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];
/** Go's gzip writer leaves the header's OS byte "unknown" (255); zlib writes its own platform's. */
const GZIP_OS_OFFSET = 9;
const GZIP_OS_UNKNOWN = 0xff;

export function gzipRelease(json: string): Buffer {
  const gz = gzipSync(Buffer.from(json, 'utf8'), { level: constants.Z_BEST_COMPRESSION });
  gz[GZIP_OS_OFFSET] = GZIP_OS_UNKNOWN;
  return gz;
}

/** base64(gzip(json.Marshal(release))). */
export function encodeRelease(r: Release): string {
  return gzipRelease(releaseToJson(r)).toString('base64');
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === GZIP_MAGIC[0] && b[1] === GZIP_MAGIC[1] && b[2] === GZIP_MAGIC[2];
}

/** The release JSON held by stored data (base64 of gzip or of plain JSON, or plain JSON). */
export function decodeReleaseJson(data: string): string {
  const trimmed = data.trimStart();
  if (trimmed.startsWith('{')) return data;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0 && data.length > 0) throw new Error('illegal base64 data at input byte 0');
  return (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
}

export function decodeRelease(data: string): Release {
  return releaseFromJson(decodeReleaseJson(data));
}
