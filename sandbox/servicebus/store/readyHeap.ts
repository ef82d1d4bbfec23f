/** A min-heap of sequence numbers: the order in which available messages are handed out. */
export class ReadyHeap {
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(seq: number): void {
    const a = this.items;
    a.push(seq);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= seq) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = seq;
  }

  pop(): number | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let smallest = last;
      if (l < n && (a[l] as number) < smallest) {
        m = l;
        smallest = a[l] as number;
      }
      if (r < n && (a[r] as number) < smallest) m = r;
      if (m === i) break;
      a[i] = a[m] as number;
      i = m;
    }
    a[i] = last;
    return top;
  }

  clear(): void {
    this.items = [];
  }
}
