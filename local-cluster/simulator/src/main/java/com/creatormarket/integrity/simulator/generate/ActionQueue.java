package com.creatormarket.integrity.simulator.generate;

import java.util.Arrays;

/**
 * Engagement actions waiting for their time: attack scripts and the likes, follows and undo
 * actions that organic views set off. A binary heap of slot numbers over parallel primitive
 * arrays, so pushing and popping allocate nothing once the arrays have grown. Ties in time go to
 * the action pushed first, which keeps a run reproducible.
 */
public final class ActionQueue {

  public static final byte VIEW = 0;
  public static final byte LIKE = 1;
  public static final byte UNLIKE = 2;
  public static final byte FOLLOW = 3;
  public static final byte UNFOLLOW = 4;

  private long[] time = new long[1024];
  private long[] seq = new long[1024];
  private byte[] kind = new byte[1024];
  private int[] video = new int[1024];
  private int[] account = new int[1024];
  private int[] device = new int[1024];
  private int[] prefix = new int[1024];
  private long[] watch = new long[1024];
  private int[] tag = new int[1024];

  private int[] heap = new int[1024];
  private int size;
  private int[] free = new int[1024];
  private int freeCount;
  private int slotsUsed;
  private long nextSeq;

  public void push(long t, byte k, int v, int a, int d, int p, long w, int tg) {
    int slot;
    if (freeCount > 0) {
      slot = free[--freeCount];
    } else {
      if (slotsUsed == time.length) {
        grow();
      }
      slot = slotsUsed++;
    }
    time[slot] = t;
    seq[slot] = nextSeq++;
    kind[slot] = k;
    video[slot] = v;
    account[slot] = a;
    device[slot] = d;
    prefix[slot] = p;
    watch[slot] = w;
    tag[slot] = tg;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(slot, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = slot;
  }

  private boolean before(int a, int b) {
    return time[a] < time[b] || (time[a] == time[b] && seq[a] < seq[b]);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public long peekTime() {
    return size == 0 ? Long.MAX_VALUE : time[heap[0]];
  }

  /** Removes the earliest action and returns its slot, whose fields stay readable until the next push. */
  public int pop() {
    int top = heap[0];
    int last = heap[--size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], last)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    if (size > 0) {
      heap[i] = last;
    }
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, freeCount * 2);
    }
    free[freeCount++] = top;
    return top;
  }

  public int size() {
    return size;
  }

  public long time(int slot) {
    return time[slot];
  }

  public byte kind(int slot) {
    return kind[slot];
  }

  public int video(int slot) {
    return video[slot];
  }

  public int account(int slot) {
    return account[slot];
  }

  public int device(int slot) {
    return device[slot];
  }

  public int prefix(int slot) {
    return prefix[slot];
  }

  public long watch(int slot) {
    return watch[slot];
  }

  public int tag(int slot) {
    return tag[slot];
  }

  private void grow() {
    int n = time.length * 2;
    time = Arrays.copyOf(time, n);
    seq = Arrays.copyOf(seq, n);
    kind = Arrays.copyOf(kind, n);
    video = Arrays.copyOf(video, n);
    account = Arrays.copyOf(account, n);
    device = Arrays.copyOf(device, n);
    prefix = Arrays.copyOf(prefix, n);
    watch = Arrays.copyOf(watch, n);
    tag = Arrays.copyOf(tag, n);
  }
}
