/** Small helpers every bench file prints and measures with. */

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const check = (ok: boolean, text: string) => `${ok ? '✓' : '✗'} ${text}`;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Calls per second of `fn` over `ms`, in batches so clock reads do not count. */
export async function rate(fn: (i: number) => unknown, ms: number, batch = 500): Promise<number> {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < batch; k++, count++) {
      const r = fn(count);
      if (r instanceof Promise) await r;
    }
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}
