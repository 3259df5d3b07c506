package com.creatormarket.integrity.benchmarks.measure;

/** Progress at one moment: seconds since the run began, events done, CPU seconds of the measured processes. */
public record Sample(double seconds, long events, double cpuSeconds) {}
