// How the simulator and the WeChat API stand-in agree on encrypt_code ↔ code with no
// shared state: a reversible, deterministic scrambling (not encryption — it stands in for
// WeChat's). The output is base64 with "+", "/" and "=", like real encrypt_codes, so
// pages meet the same URL-escaping problems they will meet in production.

const MAGIC = 0x57;
const KEY = [0x8f, 0x3c, 0xd1, 0x6a, 0x2b, 0xf4, 0x97, 0x05, 0xe8, 0x71, 0xbc, 0x4e];

function scramble(bytes: Uint8Array): Uint8Array {
  return bytes.map((b, i) => b ^ (KEY[i % KEY.length] as number) ^ ((i * 29) & 0xff));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The encrypt_code the simulated client hands out for a real `code`. */
export function encryptSimulatedCode(code: string): string {
  const plain = new TextEncoder().encode(code);
  return toBase64(new Uint8Array([MAGIC, ...scramble(plain)]));
}

/** The real code behind an encrypt_code from the simulator, or `null` when it is not one. */
export function decryptSimulatedCode(encryptCode: string): string | null {
  let binary: string;
  try {
    binary = atob(encryptCode);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (bytes.length < 2 || bytes[0] !== MAGIC) return null;
  const code = new TextDecoder('utf-8', { fatal: false }).decode(scramble(bytes.subarray(1)));
  return /^[\w-]{1,64}$/.test(code) ? code : null;
}

/** A fresh 12-digit code, as WeChat assigns to cards without custom codes. */
export function newSimulatedCode(): string {
  const digits = crypto.getRandomValues(new Uint32Array(3));
  return Array.from(digits, (d) => String(d % 10_000).padStart(4, '0')).join('');
}
