/** Bytes counted and hashed as they stream past: what a page's manifest entry records. */
import { createHash } from 'node:crypto';

export class ByteDigest {
  bytes = 0;
  private readonly hash = createHash('sha256');

  add(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.hash.update(chunk);
  }

  /** The size and sha256 (hex) of everything added; call once, at the end. */
  result(): { bytes: number; sha256: string } {
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
