/** The URL without `#` and what follows: what wx.config signatures are made for (spec §4). */
export function withoutHash(url: string): string {
  const hashAt = url.indexOf('#');
  return hashAt < 0 ? url : url.slice(0, hashAt);
}
