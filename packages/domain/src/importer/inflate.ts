// Raw DEFLATE (RFC 1951) decoder, after zlib's puff.c. Pure TypeScript so the importer stays free of
// `node:` modules and bundles for the browser (the portal previews .docx uploads with the same code).

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

interface Huffman {
  /** Number of codes of each length. */
  count: Uint16Array;
  /** Symbols ordered by code. */
  symbol: Uint16Array;
}

function buildHuffman(lengths: ArrayLike<number>): Huffman {
  const count = new Uint16Array(MAX_BITS + 1);
  for (let i = 0; i < lengths.length; i += 1) count[lengths[i] ?? 0] = (count[lengths[i] ?? 0] ?? 0) + 1;
  const offsets = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len += 1) offsets[len + 1] = (offsets[len] ?? 0) + (count[len] ?? 0);
  const symbol = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i += 1) {
    const len = lengths[i] ?? 0;
    if (len !== 0) {
      symbol[offsets[len] ?? 0] = i;
      offsets[len] = (offsets[len] ?? 0) + 1;
    }
  }
  return { count, symbol };
}

class Inflater {
  private pos = 0;
  private bitBuffer = 0;
  private bitCount = 0;
  private out: Uint8Array;
  private outLength = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly maxOutput: number,
  ) {
    this.out = new Uint8Array(Math.min(Math.max(input.length * 4, 1024), maxOutput));
  }

  run(): Uint8Array {
    let last: number;
    do {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED.lit, FIXED.dist);
      else if (type === 2) this.dynamic();
      else throw new Error('invalid deflate block type');
    } while (!last);
    return this.out.slice(0, this.outLength);
  }

  private bits(need: number): number {
    let value = this.bitBuffer;
    while (this.bitCount < need) {
      if (this.pos >= this.input.length) throw new Error('deflate data ends early');
      value |= (this.input[this.pos] ?? 0) << this.bitCount;
      this.pos += 1;
      this.bitCount += 8;
    }
    this.bitBuffer = value >>> need;
    this.bitCount -= need;
    return value & ((1 << need) - 1);
  }

  private push(byte: number): void {
    if (this.outLength >= this.out.length) {
      if (this.out.length >= this.maxOutput) throw new Error('inflated data is too large');
      const grown = new Uint8Array(Math.min(this.out.length * 2, this.maxOutput));
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.outLength] = byte;
    this.outLength += 1;
  }

  private stored(): void {
    this.bitBuffer = 0;
    this.bitCount = 0;
    if (this.pos + 4 > this.input.length) throw new Error('deflate data ends early');
    const len = (this.input[this.pos] ?? 0) | ((this.input[this.pos + 1] ?? 0) << 8);
    const nlen = (this.input[this.pos + 2] ?? 0) | ((this.input[this.pos + 3] ?? 0) << 8);
    if (len !== (~nlen & 0xffff)) throw new Error('invalid stored block length');
    this.pos += 4;
    if (this.pos + len > this.input.length) throw new Error('deflate data ends early');
    for (let i = 0; i < len; i += 1) this.push(this.input[this.pos + i] ?? 0);
    this.pos += len;
  }

  private decode(huffman: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len += 1) {
      code |= this.bits(1);
      const count = huffman.count[len] ?? 0;
      if (code - count < first) return huffman.symbol[index + (code - first)] ?? 0;
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new Error('invalid Huffman code');
  }

  private codes(lit: Huffman, dist: Huffman): void {
    for (;;) {
      const symbol = this.decode(lit);
      if (symbol < 256) this.push(symbol);
      else if (symbol === 256) return;
      else {
        const lengthIndex = symbol - 257;
        if (lengthIndex >= 29) throw new Error('invalid length symbol');
        const length = (LENGTH_BASE[lengthIndex] ?? 0) + this.bits(LENGTH_EXTRA[lengthIndex] ?? 0);
        const distIndex = this.decode(dist);
        if (distIndex >= 30) throw new Error('invalid distance symbol');
        const distance = (DIST_BASE[distIndex] ?? 0) + this.bits(DIST_EXTRA[distIndex] ?? 0);
        if (distance > this.outLength) throw new Error('distance too far back');
        for (let i = 0; i < length; i += 1) this.push(this.out[this.outLength - distance] ?? 0);
      }
    }
  }

  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Error('bad dynamic block counts');
    const codeLengths = new Uint8Array(19);
    for (let i = 0; i < ncode; i += 1) codeLengths[CODE_LENGTH_ORDER[i] ?? 0] = this.bits(3);
    const lencode = buildHuffman(codeLengths);
    const lengths = new Uint8Array(nlen + ndist);
    let index = 0;
    while (index < nlen + ndist) {
      const symbol = this.decode(lencode);
      if (symbol < 16) {
        lengths[index] = symbol;
        index += 1;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (index === 0) throw new Error('repeat with no previous length');
        value = lengths[index - 1] ?? 0;
        repeat = 3 + this.bits(2);
      } else if (symbol === 17) repeat = 3 + this.bits(3);
      else repeat = 11 + this.bits(7);
      if (index + repeat > nlen + ndist) throw new Error('too many lengths');
      lengths.fill(value, index, index + repeat);
      index += repeat;
    }
    this.codes(buildHuffman(lengths.subarray(0, nlen)), buildHuffman(lengths.subarray(nlen)));
  }
}

const FIXED = (() => {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return { lit: buildHuffman(lengths), dist: buildHuffman(new Uint8Array(30).fill(5)) };
})();

/** Decompresses raw DEFLATE data; throws on corrupt input or output beyond `maxOutput` bytes (zip bombs). */
export function inflateRaw(data: Uint8Array, maxOutput = 64 * 1024 * 1024): Uint8Array {
  return new Inflater(data, maxOutput).run();
}
