package com.creatormarket.integrity.simulator.generate;

/**
 * The next organic view of every video, earliest first: a binary heap of video numbers keyed by
 * time, ties going to the lower video number.
 */
final class ViewQueue {

  private final long[] next;
  private final int[] heap;
  private int size;

  ViewQueue(int videos) {
    next = new long[videos];
    heap = new int[videos];
  }

  boolean isEmpty() {
    return size == 0;
  }

  long peekTime() {
    return size == 0 ? Long.MAX_VALUE : next[heap[0]];
  }

  int peekVideo() {
    return heap[0];
  }

  private boolean before(int a, int b) {
    return next[a] < next[b] || (next[a] == next[b] && a < b);
  }

  void push(int video, long t) {
    next[video] = t;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(video, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = video;
  }

  /** Moves the top video to time t (later than now) or removes it when t is Long.MAX_VALUE. */
  void replaceTop(long t) {
    int video = heap[0];
    int moving;
    if (t == Long.MAX_VALUE) {
      moving = heap[--size];
      if (size == 0) {
        return;
      }
    } else {
      next[video] = t;
      moving = video;
    }
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], moving)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = moving;
  }
}
